package dev.tessera.auth.grant.jwtbearer;

import java.util.List;
import java.util.function.Consumer;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.token.AccessTokenCustomizer;
import dev.tessera.auth.token.AudienceResolver;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.web.RfcText;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks a JWT-bearer request once its assertion is verified, before any token is made:
 * every scope must be held by the client and allowed for the trusted issuer (an admin
 * scope never is: a partner's assertion never yields an admin token), else
 * {@code invalid_scope}; then the audience as for every token ({@link AudienceResolver},
 * left on the request for {@link AccessTokenCustomizer}, as the client-credentials grant
 * does). Plugged into {@link JwtBearerGrantAuthenticationProvider} as its authentication
 * validator, Spring's pattern for grant-specific checks.
 */
public class JwtBearerGrantAuthenticationValidator implements Consumer<JwtBearerGrantAuthenticationContext> {

	private static final String SCOPE_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private final AudienceResolver audiences;

	public JwtBearerGrantAuthenticationValidator(AudienceResolver audiences) {
		this.audiences = audiences;
	}

	@Override
	public void accept(JwtBearerGrantAuthenticationContext context) {
		RegisteredClient client = context.getRegisteredClient();
		TrustedIssuer issuer = context.getTrustedIssuer();
		for (String scope : context.getScopes()) {
			if (AdminScopes.ALL.contains(scope)) {
				throw invalidScope("the admin scope '" + RfcText.description(scope)
						+ "' is never granted on a partner's assertion");
			}
			if (!client.getScopes().contains(scope)) {
				throw invalidScope("the scope '" + RfcText.description(scope) + "' is not registered for the client");
			}
			if (!issuer.allowedScopes().contains(scope)) {
				throw invalidScope(
						"the scope '" + RfcText.description(scope) + "' is not allowed for the trusted issuer");
			}
		}
		JwtBearerGrantAuthenticationToken request = context.getAuthentication();
		List<String> audience = this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client),
				request.getAdditionalParameters().get(AccessTokenCustomizer.RESOURCE), context.getScopes());
		request.setDetails(new AudienceResolver.Resolved(audience));
	}

	private static OAuth2AuthenticationException invalidScope(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, description, SCOPE_URI));
	}

}
