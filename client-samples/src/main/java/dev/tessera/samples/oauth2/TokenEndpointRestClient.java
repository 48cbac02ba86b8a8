package dev.tessera.samples.oauth2;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} the samples give Spring Security's token clients
 * ({@code RestClient...TokenResponseClient.setRestClient}): what Spring builds by default
 * (form body out, token response in, OAuth 2.0 errors as exceptions) plus what its
 * default lacks, timeouts, and the OAuth error of a {@code 401}
 * ({@link TokenEndpointErrorHandler}). One place for the samples' timeouts too, used for
 * their API calls as well.
 */
public final class TokenEndpointRestClient {

	/** How long a sample waits for a connection to Tessera or the API. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** How long a sample waits for Tessera's or the API's answer. */
	public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private TokenEndpointRestClient() {
	}

	/** The token endpoint's client over plain (server-authenticated) HTTPS or HTTP. */
	public static RestClient create() {
		return create(requestFactory());
	}

	/**
	 * The token endpoint's client over {@code requestFactory} (the mTLS sample's, which
	 * presents the client certificate).
	 */
	public static RestClient create(ClientHttpRequestFactory requestFactory) {
		return RestClient.builder()
			.requestFactory(requestFactory)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new TokenEndpointErrorHandler())
			.build();
	}

	/** The JDK's HTTP client with the samples' timeouts. */
	public static JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
		factory.setReadTimeout(READ_TIMEOUT);
		return factory;
	}

}
