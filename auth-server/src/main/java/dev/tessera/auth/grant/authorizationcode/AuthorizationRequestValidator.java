package dev.tessera.auth.grant.authorizationcode;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.token.AudienceResolver;
import dev.tessera.auth.user.Role;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks an authorization request beyond Spring's own checks (exact redirect URI with
 * loopback port variance, registered scopes; Spring then requires an S256 PKCE challenge
 * of every client, as Tessera registers them all with {@code requireProofKey}): the
 * audience rule every token follows ({@link AudienceResolver}: admin scopes alone, apart
 * from the OpenID Connect ones), and, once a person has signed in, that the admin scopes
 * asked for are within what the person's roles allow ({@link Role}), so a person cannot
 * borrow a client's admin scopes. Refusals go back to the client's redirect URI.
 */
public class AuthorizationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String SCOPE_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> springChecks = OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
		.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR);

	private final AudienceResolver audiences;

	public AuthorizationRequestValidator(AudienceResolver audiences) {
		this.audiences = audiences;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		this.springChecks.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		Set<String> scopes = request.getScopes();
		try {
			this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client),
					request.getAdditionalParameters().get("resource"), scopes);
		}
		catch (OAuth2AuthenticationException ex) {
			throw refusal(ex.getError(), request, client);
		}
		if (request.getPrincipal() instanceof Authentication person && person.isAuthenticated()
				&& !(person instanceof AnonymousAuthenticationToken)) {
			Set<String> roles = person.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter(authority -> authority.startsWith("ROLE_"))
				.map(authority -> authority.substring("ROLE_".length()))
				.collect(Collectors.toSet());
			Set<String> beyond = new TreeSet<>(scopes);
			beyond.retainAll(AdminScopes.ALL);
			beyond.removeAll(Role.allowedAdminScopes(roles));
			if (!beyond.isEmpty()) {
				throw refusal(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
						"Your roles do not allow the scopes " + beyond, SCOPE_URI), request, client);
			}
		}
	}

	/** A refusal Spring redirects to the client: the redirect URI was checked first. */
	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(OAuth2Error error,
			OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client) {
		String redirectUri = (request.getRedirectUri() != null) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
	}

}
