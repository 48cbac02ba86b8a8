package dev.tessera.auth.grant.authorizationcode;

import dev.tessera.auth.audit.AuditTrail;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The parts of the authorization code grant and of OpenID Connect sign-in that the
 * protocol filter chain plugs into Spring's authorization endpoint (the request
 * converter, {@code authenticationValidator}, response and error handlers), token
 * endpoint (the code exchange's checks) and userinfo endpoint.
 */
public record AuthorizationCodeGrant(AuthorizationRequestValidator requestValidator,
		PersonScopeNarrowing scopeNarrowing, AuthorizationResponses responses, PersonUserInfo userInfo,
		OAuth2AuthorizationService authorizations, AuditTrail trail) {

	/**
	 * Spring's authorization request converter, taking out the admin scopes a signed-in
	 * person's roles do not allow.
	 */
	public AuthenticationConverter withScopeNarrowing(AuthenticationConverter springRequestConverter) {
		return this.scopeNarrowing.wrap(springRequestConverter);
	}

	/** Spring's code exchange with PKCE required of every client and reuse audited. */
	public AuthenticationProvider withExchangeChecks(AuthenticationProvider springCodeProvider) {
		return new CodeExchangeChecks(springCodeProvider, this.authorizations, this.trail);
	}

}
