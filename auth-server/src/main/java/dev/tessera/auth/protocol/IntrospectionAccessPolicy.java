package dev.tessera.auth.protocol;

import dev.tessera.auth.scope.AdminScopes;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Who may see what through introspection: a client sees the tokens issued to it; a client
 * registered with {@code admin:clients} sees any access token; to everyone else a foreign
 * token is simply {@code {"active": false}}. A refresh token is a credential of its
 * client alone, never shown to a resource server, so only its own client learns about it,
 * with the person ({@code sub}) and the scopes it was granted, which Spring's answer
 * leaves out. Spring's provider, by contrast, answers every authenticated client about
 * every token.
 */
public class IntrospectionAccessPolicy implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	public IntrospectionAccessPolicy(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations) {
		this.delegate = delegate;
		this.authorizations = authorizations;
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
		if (introspection.getTokenClaims().getTokenType() == null) {
			return own ? refreshToken(introspection, caller) : inactive(introspection, caller);
		}
		boolean privileged = caller.getRegisteredClient().getScopes().contains(AdminScopes.CLIENTS);
		if (own || privileged) {
			return result;
		}
		return inactive(introspection, caller);
	}

	/** Spring's answer about a refresh token, with its person and scopes. */
	private Authentication refreshToken(OAuth2TokenIntrospectionAuthenticationToken introspection,
			OAuth2ClientAuthenticationToken caller) {
		OAuth2Authorization family = this.authorizations.findByToken(introspection.getToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		if (family == null) {
			return inactive(introspection, caller);
		}
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection
			.withClaims(introspection.getTokenClaims().getClaims())
			.subject(family.getPrincipalName());
		if (!family.getAuthorizedScopes().isEmpty()) {
			claims.scopes(scopes -> scopes.addAll(new java.util.TreeSet<>(family.getAuthorizedScopes())));
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller, claims.build());
	}

	private static Authentication inactive(OAuth2TokenIntrospectionAuthenticationToken introspection,
			OAuth2ClientAuthenticationToken caller) {
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
