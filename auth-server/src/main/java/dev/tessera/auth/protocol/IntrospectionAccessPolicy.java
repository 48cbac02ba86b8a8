package dev.tessera.auth.protocol;

import dev.tessera.auth.scope.AdminScopes;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Who may see what through introspection: a client sees the tokens issued to it; a client
 * registered with {@code admin:clients} sees any token; to everyone else a foreign token
 * is simply {@code {"active": false}}. Spring's provider, by contrast, answers every
 * authenticated client about every token.
 */
public class IntrospectionAccessPolicy implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	public IntrospectionAccessPolicy(AuthenticationProvider delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Authentication result = this.delegate.authenticate(authentication);
		if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
				|| !introspection.getTokenClaims().isActive()
				|| !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller)
				|| caller.getRegisteredClient() == null) {
			return result;
		}
		boolean own = caller.getRegisteredClient().getClientId().equals(introspection.getTokenClaims().getClientId());
		boolean privileged = caller.getRegisteredClient().getScopes().contains(AdminScopes.CLIENTS);
		if (own || privileged) {
			return result;
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
