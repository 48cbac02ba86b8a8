package dev.tessera.auth.grant.refresh;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import dev.tessera.auth.audit.AuditTrail;

/**
 * What the protocol filter chain plugs into Spring's refresh grant: reuse detection
 * around Spring's provider, and authentication of public clients refreshing.
 */
public record RefreshTokenGrant(PublicClientRefreshAuthenticationConverter publicClientConverter,
		PublicClientRefreshAuthenticationProvider publicClientProvider, OAuth2AuthorizationService authorizations,
		AuditTrail trail) {

	/** Spring's refresh provider, refusing a reused token by revoking its family. */
	public AuthenticationProvider withReuseDetection(AuthenticationProvider springRefreshProvider) {
		return new RefreshTokenReuseDetection(springRefreshProvider, this.authorizations, this.trail);
	}

}
