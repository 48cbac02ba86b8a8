package dev.tessera.samples.mtls;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.web.client.RestClient;

/**
 * The protected API this client calls ({@code GET /api/hello}, scope
 * {@code sample:read}). The {@link RestClient} adds the access token and presents the
 * client certificate; this class only says what to call.
 */
public class HelloApiClient {

	private final RestClient restClient;

	HelloApiClient(RestClient restClient) {
		this.restClient = restClient;
	}

	/**
	 * @return the API's answer
	 * @throws org.springframework.web.client.RestClientResponseException when the API
	 * refuses the call
	 * @throws org.springframework.security.oauth2.client.ClientAuthorizationException
	 * when Tessera refuses the token request (e.g. {@code invalid_client})
	 */
	public Hello hello() {
		return this.restClient.get().uri("/api/hello").retrieve().body(Hello.class);
	}

	/**
	 * What the API answers.
	 *
	 * @param message a greeting
	 * @param clientId the {@code client_id} of the token the API accepted
	 * @param sub its {@code sub}
	 */
	public record Hello(String message, @JsonProperty("client_id") String clientId, String sub) {

	}

}
