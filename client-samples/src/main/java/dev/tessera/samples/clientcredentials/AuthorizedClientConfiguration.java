package dev.tessera.samples.clientcredentials;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.jwk.JWK;
import dev.tessera.samples.oauth2.RsaKeyFile;
import dev.tessera.samples.oauth2.SingleFlightAuthorizedClientManager;
import dev.tessera.samples.oauth2.TokenEndpointRestClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationSuccessHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Spring Security's client side of the client credentials grant, set up for a service
 * that runs outside any web request: an
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over the
 * {@link ClientRegistrationRepository} and in-memory
 * {@link OAuth2AuthorizedClientService} that Spring Boot builds from
 * {@code spring.security.oauth2.client.*}. The manager keeps the token and hands it out
 * again until {@code sample.renew-before} before it expires; only then does
 * {@link ClientCredentialsOAuth2AuthorizedClientProvider} ask Tessera for a new one. A
 * failed token request ({@code invalid_client}, say) caches nothing, so the next call
 * asks again. Callers that find the cache empty or due for renewal at the same moment
 * make one token request between them ({@link SingleFlightAuthorizedClientManager}). When
 * Tessera's tokens live no longer than {@code renew-before}, every call would fetch a new
 * token: that is logged, once, as a warning.
 * <p>
 * The token request authenticates the client the way its registration says:
 * {@code client_secret_basic} is Spring's default; {@code private_key_jwt} is added here
 * with {@link NimbusJwtClientAuthenticationParametersConverter}, signing with the key
 * from {@code sample.private-key-file} ({@link RsaKeyFile}), its assertion's {@code aud}
 * set to Tessera's issuer identifier as one string: Spring's default, the token endpoint
 * URL, is refused by Tessera (RFC 7523bis, against audience injection). Its header's
 * {@code typ} is {@code client-authentication+jwt}, the explicit type RFC 7523bis asks
 * for, which Tessera accepts (as it does {@code JWT} or none), so the assertion cannot be
 * mistaken for another kind of JWT. A {@code 401} from the token endpoint is read as the
 * OAuth error it carries ({@link TokenEndpointErrorHandler}).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizedClientConfiguration {

	private static final Log logger = LogFactory.getLog(AuthorizedClientConfiguration.class);

	/** The client assertion's {@code typ} (draft-ietf-oauth-rfc7523bis). */
	static final String CLIENT_ASSERTION_TYPE = "client-authentication+jwt";

	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, ClientCredentialsProperties properties,
			ObjectProvider<Clock> clock) {
		ClientRegistration registration = registrations
			.findByRegistrationId(ClientCredentialsProperties.REGISTRATION_ID);
		Assert.state(registration != null, "No client registration '" + ClientCredentialsProperties.REGISTRATION_ID
				+ "' under spring.security.oauth2.client.registration");
		checkCredentials(registration, properties);
		ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
		provider.setAccessTokenResponseClient(tokenResponseClient(properties));
		// Spring calls it clock skew: a token counts as expired this long before its
		// exp, so it is renewed ahead of time
		provider.setClockSkew(properties.renewBefore());
		provider.setClock(clock.getIfAvailable(Clock::systemUTC));
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(provider);
		manager.setAuthorizationSuccessHandler(warnWhenRenewedAtEveryCall(authorizedClients, properties));
		return new SingleFlightAuthorizedClientManager(manager);
	}

	private static RestClientClientCredentialsTokenResponseClient tokenResponseClient(
			ClientCredentialsProperties properties) {
		RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
		// Spring's default RestClient for the token endpoint, with timeouts, and with
		// the OAuth error of a 401 (invalid_client) read too
		client.setRestClient(TokenEndpointRestClient.create());
		// adds client_assertion(_type) for private_key_jwt, nothing for the other
		// methods
		client.addParametersConverter(clientAssertions(properties));
		return client;
	}

	/**
	 * Spring's {@code private_key_jwt} assertions, with Tessera's {@code aud} (the issuer
	 * identifier as one string) and the explicit {@code typ}.
	 */
	static NimbusJwtClientAuthenticationParametersConverter<OAuth2ClientCredentialsGrantRequest> clientAssertions(
			ClientCredentialsProperties properties) {
		NimbusJwtClientAuthenticationParametersConverter<OAuth2ClientCredentialsGrantRequest> assertions = new NimbusJwtClientAuthenticationParametersConverter<>(
				(registration) -> privateKeyJwk(properties));
		assertions.setJwtClientAssertionCustomizer((assertion) -> {
			assertion.getHeaders().type(CLIENT_ASSERTION_TYPE);
			assertion.getClaims().audience(List.of(properties.issuer()));
		});
		return assertions;
	}

	/**
	 * Read at every token request, so a key file the secrets manager replaces is used
	 * from the next token on. A file that cannot be read then (being replaced, say) fails
	 * that token request as Spring's {@code invalid_key}, not the service.
	 */
	private static JWK privateKeyJwk(ClientCredentialsProperties properties) {
		try {
			return RsaKeyFile.read(properties.privateKeyFile(), properties.keyId());
		}
		catch (IllegalStateException | UncheckedIOException ex) {
			logger.warn(ex.getMessage());
			return null;
		}
	}

	/**
	 * Spring's default (the token goes into the cache), plus one warning the first time a
	 * token arrives that is already due for renewal: its lifetime is not longer than
	 * {@code renew-before}, so the cache never hands it out and every call costs a token
	 * request.
	 */
	private static OAuth2AuthorizationSuccessHandler warnWhenRenewedAtEveryCall(
			OAuth2AuthorizedClientService authorizedClients, ClientCredentialsProperties properties) {
		AtomicBoolean warned = new AtomicBoolean();
		return (authorizedClient, principal, attributes) -> {
			OAuth2AccessToken token = authorizedClient.getAccessToken();
			Duration lifetime = (token.getIssuedAt() != null && token.getExpiresAt() != null)
					? Duration.between(token.getIssuedAt(), token.getExpiresAt()) : null;
			if (lifetime != null && lifetime.compareTo(properties.renewBefore()) <= 0
					&& warned.compareAndSet(false, true)) {
				logger.warn("Tessera's tokens live " + lifetime + ", not longer than SAMPLE_RENEW_BEFORE ("
						+ properties.renewBefore()
						+ "): every call fetches a new token. Set SAMPLE_RENEW_BEFORE well below the token lifetime.");
			}
			authorizedClients.saveAuthorizedClient(authorizedClient, principal);
		};
	}

	/** Fails at start-up, not at the first call, when a credential is missing. */
	private static void checkCredentials(ClientRegistration registration, ClientCredentialsProperties properties) {
		ClientAuthenticationMethod method = registration.getClientAuthenticationMethod();
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)) {
			Assert.state(StringUtils.hasText(properties.issuer()), "private_key_jwt needs TESSERA_ISSUER");
			Assert.state(properties.privateKeyFile() != null,
					"private_key_jwt needs TESSERA_CLIENT_PRIVATE_KEY_FILE, the path of the client's private key");
			RsaKeyFile.read(properties.privateKeyFile(), properties.keyId());
		}
		else if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				|| ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			Assert.state(StringUtils.hasText(registration.getClientSecret()), method.getValue()
					+ " needs TESSERA_CLIENT_SECRET (the variable, or a file of that name in SAMPLE_SECRETS_DIR)");
		}
		else {
			throw new IllegalStateException("TESSERA_CLIENT_AUTH_METHOD must be client_secret_basic, "
					+ "client_secret_post or private_key_jwt, not " + method.getValue());
		}
	}

}
