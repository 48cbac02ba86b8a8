package dev.tessera.auth.grant.refresh;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.web.util.UrlPathHelper;

/**
 * A public client ({@code none}) refreshing, or revoking its refresh token (RFC 7009 §2.1
 * lets a public client revoke with its {@code client_id}): it names itself with
 * {@code client_id} and presents no secret, assertion or certificate. Spring recognises a
 * public client only on the code exchange (by its {@code code_verifier}); these requests
 * carry nothing like it, so without this a public client could neither use the refresh
 * token it was given nor end it when its user signs out. What protects such a token is
 * rotation with reuse detection ({@link RefreshTokenReuseDetection}), as the OAuth 2.0
 * Security BCP asks of public clients' refresh tokens.
 */
public class PublicClientRefreshAuthenticationConverter implements AuthenticationConverter {

	private final String tokenPath;

	private final String revocationPath;

	/**
	 * @param tokenPath the token endpoint's path
	 * @param revocationPath the revocation endpoint's path
	 */
	public PublicClientRefreshAuthenticationConverter(String tokenPath, String revocationPath) {
		this.tokenPath = tokenPath;
		this.revocationPath = revocationPath;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		boolean refresh = this.tokenPath.equals(path) && AuthorizationGrantType.REFRESH_TOKEN.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		boolean revocation = this.revocationPath.equals(path);
		if (!"POST".equals(request.getMethod()) || !(refresh || revocation)
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ID) == null) {
			return null;
		}
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds.length != 1 || clientIds[0].isBlank()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null, Map.of());
	}

}
