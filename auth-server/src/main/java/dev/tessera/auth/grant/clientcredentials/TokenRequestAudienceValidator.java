package dev.tessera.auth.grant.clientcredentials;

import java.util.List;
import java.util.function.Consumer;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.token.AccessTokenCustomizer;
import dev.tessera.auth.token.AudienceResolver;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks a client-credentials request before any token is made: Spring's scope check
 * first (only scopes the client holds), then {@link AudienceResolver}'s rule (admin
 * scopes alone, and only for the issuer). Run by Spring's provider as its authentication
 * validator, so a refusal is an ordinary RFC 6749 error response rather than an exception
 * out of token encoding. The audience it decided travels on the request to
 * {@link AccessTokenCustomizer} (see {@link AudienceResolver.Resolved}).
 */
public class TokenRequestAudienceValidator implements Consumer<OAuth2ClientCredentialsAuthenticationContext> {

	private final Consumer<OAuth2ClientCredentialsAuthenticationContext> scopes = new OAuth2ClientCredentialsAuthenticationValidator();

	private final AudienceResolver audiences;

	public TokenRequestAudienceValidator(AudienceResolver audiences) {
		this.audiences = audiences;
	}

	@Override
	public void accept(OAuth2ClientCredentialsAuthenticationContext context) {
		this.scopes.accept(context);
		OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		List<String> audience = this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client),
				request.getAdditionalParameters().get(AccessTokenCustomizer.RESOURCE), request.getScopes());
		request.setDetails(new AudienceResolver.Resolved(audience)); // for the
																		// customizer:
																		// resolved once
	}

}
