package dev.tessera.auth.grant.refresh;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.token.RefreshTokenFamily;
import dev.tessera.auth.token.TokenHashes;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

/**
 * Spring's refresh grant with reuse detection (OAuth 2.0 Security BCP, RFC 9700 §4.14.2):
 * Spring rotates the refresh token on every use (Tessera's clients never reuse them) and
 * refuses one already rotated as {@code invalid_grant}; when the refused token still
 * names a live family ({@link RefreshTokenFamily}) of the calling client whose current
 * token is another one, two parties hold the family's tokens, so the whole family is
 * revoked (every access token it issued included) and {@code token.refresh_reuse} is
 * audited. A token refused for any other reason (expired, revoked, another client's)
 * leaves the family alone. Costs nothing on a successful refresh.
 */
public class RefreshTokenReuseDetection implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuseDetection.class);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private final AuthenticationProvider refreshGrant;

	private final OAuth2AuthorizationService authorizations;

	private final AuditTrail trail;

	public RefreshTokenReuseDetection(AuthenticationProvider refreshGrant, OAuth2AuthorizationService authorizations,
			AuditTrail trail) {
		this.refreshGrant = refreshGrant;
		this.authorizations = authorizations;
		this.trail = trail;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		try {
			return this.refreshGrant.authenticate(authentication);
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
					&& authentication instanceof OAuth2RefreshTokenAuthenticationToken refresh
					&& revokedForReuse(refresh)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
						"The refresh token was used before; every token of its authorization has been revoked",
						ERROR_URI));
			}
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.refreshGrant.supports(authentication);
	}

	private boolean revokedForReuse(OAuth2RefreshTokenAuthenticationToken refresh) {
		if (!(refresh.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return false;
		}
		Optional<String> family = RefreshTokenFamily.of(refresh.getRefreshToken());
		OAuth2Authorization authorization = family.map(this.authorizations::findById).orElse(null);
		if (authorization == null
				|| !authorization.getRegisteredClientId().equals(client.getRegisteredClient().getId())) {
			return false; // only the family's own client can have held one of its tokens
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> current = authorization.getRefreshToken();
		if (current == null || current.isInvalidated()
				|| TokenHashes.hash(refresh.getRefreshToken()).equals(current.getToken().getTokenValue())) {
			return false;
		}
		this.authorizations.save(OAuth2Authorization.from(authorization).invalidate(current.getToken()).build());
		try {
			this.trail.recordAndWait("token.refresh_reuse", AuditOutcome.BUSINESS_ERROR,
					Actor.client(client.getRegisteredClient().getClientId()),
					Map.of("subject", authorization.getPrincipalName(), "family",
							RefreshTokenFamily.handle(authorization.getId())),
					null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Refresh token reuse (family revoked) could not be audited: {}", ex.getMessage());
		}
		return true;
	}

}
