package dev.tessera.samples.mtls;

import java.time.Clock;

import dev.tessera.samples.oauth2.SingleFlightAuthorizedClientManager;
import dev.tessera.samples.oauth2.TokenEndpointRestClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.client.RestClient;

/**
 * Wires Spring Security's OAuth2 client for a {@code tls_client_auth} client: one
 * {@link ClientRegistration} whose token endpoint is Tessera's mTLS alias, a client
 * credentials provider whose token requests go over the client certificate's TLS
 * connections, an {@link OAuth2AuthorizedClientManager} that keeps the token in memory
 * and replaces it {@code renewBefore} its expiry, and a {@link RestClient} for the API
 * whose {@link OAuth2ClientHttpRequestInterceptor} adds the token to every call, over the
 * same certificate.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MtlsClientProperties.class)
class MtlsClientConfiguration {

	/** The one registration this client has. */
	static final String REGISTRATION_ID = "tessera";

	@Bean
	ClientCertificateRequestFactory clientCertificateRequestFactory(SslBundles sslBundles,
			MtlsClientProperties properties) {
		return new ClientCertificateRequestFactory(sslBundles, properties.sslBundle());
	}

	@Bean
	ClientRegistrationRepository clientRegistrationRepository(MtlsClientProperties properties,
			ClientCertificateRequestFactory requestFactory) {
		ClientRegistration tessera = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId(properties.clientId())
			.clientAuthenticationMethod(ClientAuthenticationMethod.TLS_CLIENT_AUTH)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(properties.scope())
			.issuerUri(properties.issuer().toString())
			.tokenUri(MtlsTokenEndpoint.discover(properties.issuer(), requestFactory).toString())
			.build();
		return new InMemoryClientRegistrationRepository(tessera);
	}

	/**
	 * The token cache, forgotten when the certificate is reloaded: a token bound to the
	 * old certificate is refused by the API over connections presenting the new one.
	 * Registered after the request factory's handler, so when the token is forgotten new
	 * connections already present the new certificate. (A call racing the reload can
	 * still get one {@code 401}; the interceptor's failure handler then drops the token
	 * too, and the next call recovers.)
	 */
	@Bean
	OAuth2AuthorizedClientService authorizedClientService(ClientRegistrationRepository registrations,
			SslBundles sslBundles, MtlsClientProperties properties) {
		OAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(registrations);
		sslBundles.addBundleUpdateHandler(properties.sslBundle(),
				(bundle) -> service.removeAuthorizedClient(REGISTRATION_ID, principal(properties).getName()));
		return service;
	}

	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClientService, ClientCertificateRequestFactory requestFactory,
			MtlsClientProperties properties, ObjectProvider<Clock> clock) {
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(TokenEndpointRestClient.create(requestFactory));
		tokenClient.setParametersConverter(new TlsClientAuthParametersConverter());
		ClientCredentialsOAuth2AuthorizedClientProvider clientCredentials = new ClientCredentialsOAuth2AuthorizedClientProvider();
		clientCredentials.setAccessTokenResponseClient(tokenClient);
		clientCredentials.setClockSkew(properties.renewBefore());
		clientCredentials.setClock(clock.getIfAvailable(Clock::systemUTC));
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClientService);
		manager.setAuthorizedClientProvider(clientCredentials);
		return new SingleFlightAuthorizedClientManager(manager);
	}

	@Bean
	HelloApiClient helloApiClient(OAuth2AuthorizedClientManager authorizedClientManager,
			OAuth2AuthorizedClientService authorizedClientService, ClientCertificateRequestFactory requestFactory,
			MtlsClientProperties properties) {
		OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
		oauth2.setClientRegistrationIdResolver((request) -> REGISTRATION_ID);
		Authentication principal = principal(properties);
		oauth2.setPrincipalResolver((request) -> principal);
		// a 401 invalid_token from the API (e.g. the token was revoked, or is bound to a
		// certificate just replaced) drops the cached token, so the next call gets a new
		// one
		oauth2.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClientService));
		RestClient restClient = RestClient.builder()
			.baseUrl(properties.apiUrl())
			.requestFactory(requestFactory)
			.requestInterceptor(oauth2)
			.build();
		return new HelloApiClient(restClient);
	}

	/**
	 * The name the token is cached under: this is a service acting for itself, not for a
	 * signed-in user, so its own client id.
	 */
	static Authentication principal(MtlsClientProperties properties) {
		return UsernamePasswordAuthenticationToken.unauthenticated(properties.clientId(), null);
	}

}
