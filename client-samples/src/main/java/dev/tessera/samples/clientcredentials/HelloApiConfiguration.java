package dev.tessera.samples.clientcredentials;

import dev.tessera.samples.oauth2.TokenEndpointRestClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} for the protected API: every request gets Tessera's access token
 * from {@link OAuth2ClientHttpRequestInterceptor}, which asks the
 * {@link OAuth2AuthorizedClientManager} for it (cached, renewed shortly before it
 * expires). When the API answers {@code 401} with {@code error="invalid_token"}, the
 * interceptor's failure handler drops the cached token, so the next call fetches a fresh
 * one instead of sending the refused token again. A {@code 403 insufficient_scope} keeps
 * it: a new token from the same registration would carry the same scopes.
 * <p>
 * The token belongs to the service, not to whoever triggered a call, so it is cached
 * under one fixed principal whatever security context the calling thread has.
 */
@Configuration(proxyBeanMethods = false)
class HelloApiConfiguration {

	/** The name the service's token is cached under. */
	static final Authentication SERVICE = new AnonymousAuthenticationToken("client-credentials-service",
			"client-credentials-service", AuthorityUtils.createAuthorityList("ROLE_SERVICE"));

	@Bean
	HelloApiClient helloApiClient(OAuth2AuthorizedClientManager authorizedClientManager,
			OAuth2AuthorizedClientService authorizedClients, ClientCredentialsProperties properties) {
		OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
		oauth2.setPrincipalResolver((request) -> SERVICE);
		oauth2.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
		RestClient restClient = RestClient.builder()
			.baseUrl(properties.apiUrl())
			.requestFactory(TokenEndpointRestClient.requestFactory())
			.requestInterceptor(oauth2)
			// every request of this client uses the Tessera registration
			.defaultRequest((request) -> request.attributes(RequestAttributeClientRegistrationIdResolver
				.clientRegistrationId(ClientCredentialsProperties.REGISTRATION_ID)))
			.build();
		return new HelloApiClient(restClient);
	}

}
