package dev.tessera.auth.grant.clientcredentials;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.auth.client.TesseraClientSettings;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client-credentials request that names no scope gets the client's registered default
 * scopes (empty unless set), never "every scope of the client". Everything else is
 * Spring's converter.
 */
public class DefaultScopesConverter implements AuthenticationConverter {

	private final OAuth2ClientCredentialsAuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2ClientCredentialsAuthenticationToken token) || !token.getScopes().isEmpty()
				|| !(token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return converted;
		}
		Set<String> defaults = TesseraClientSettings.defaultScopes(client.getRegisteredClient());
		if (defaults.isEmpty()) {
			return converted;
		}
		return new OAuth2ClientCredentialsAuthenticationToken(client, defaults, token.getAdditionalParameters());
	}

}
