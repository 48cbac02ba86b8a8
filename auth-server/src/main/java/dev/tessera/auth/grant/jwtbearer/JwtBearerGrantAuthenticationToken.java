package dev.tessera.auth.grant.jwtbearer;

import java.util.Map;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/**
 * A JWT-bearer token request (RFC 7523 §2.1) as the converter read it: the partner's
 * assertion, unverified, and the scopes asked for (empty when none were).
 */
public class JwtBearerGrantAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken {

	private final String assertion;

	private final Set<String> scopes;

	public JwtBearerGrantAuthenticationToken(String assertion, Authentication clientPrincipal, Set<String> scopes,
			Map<String, Object> additionalParameters) {
		super(AuthorizationGrantType.JWT_BEARER, clientPrincipal, additionalParameters);
		this.assertion = assertion;
		this.scopes = Set.copyOf(scopes);
	}

	/** The assertion as sent: never logged, never audited. */
	public String getAssertion() {
		return this.assertion;
	}

	public Set<String> getScopes() {
		return this.scopes;
	}

}
