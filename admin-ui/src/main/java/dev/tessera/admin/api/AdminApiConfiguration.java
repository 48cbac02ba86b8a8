package dev.tessera.admin.api;

import java.net.http.HttpClient;

import dev.tessera.admin.config.TesseraProperties;
import dev.tessera.admin.signin.ConsoleClientRegistrations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * The {@link AdminApi} client: the issuer's {@code /admin/api}, the person's token added
 * by Spring Security's {@link OAuth2ClientHttpRequestInterceptor} (which also renews it
 * with the refresh token and forgets it when the API calls it invalid), bounded timeouts,
 * no redirects followed, and problem answers turned into {@link AdminApiException}s.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiConfiguration {

	@Bean
	AdminApi adminApi(TesseraProperties properties, OAuth2AuthorizedClientManager authorizedClients,
			OAuth2AuthorizedClientRepository authorizedClientRepository, JsonMapper json) {
		OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(authorizedClients);
		bearer.setClientRegistrationIdResolver(request -> ConsoleClientRegistrations.REGISTRATION_ID);
		bearer.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClientRepository));
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(properties.http().connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(properties.http().apiReadTimeout());
		ProblemReader problems = new ProblemReader(json);
		RestClient rest = RestClient.builder()
			.baseUrl(ConsoleClientRegistrations.withoutTrailingSlash(properties.issuer()) + "/admin/api")
			.requestFactory(requests)
			.requestInterceptor(bearer)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				throw problems.read(response);
			})
			.build();
		return new AdminApi(rest, problems);
	}

}
