package dev.tessera.samples.clientcredentials;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.web.client.RestClient;

/**
 * The protected API as this service sees it: {@code GET /api/hello}, answered with who
 * the API saw calling. The access token is none of its business: the {@link RestClient}
 * it is given adds it ({@link HelloApiConfiguration}).
 */
public class HelloApiClient {

	private final RestClient restClient;

	HelloApiClient(RestClient restClient) {
		this.restClient = restClient;
	}

	/**
	 * @return the API's answer
	 * @throws org.springframework.web.client.RestClientResponseException when the API
	 * answers with an error status
	 * @throws org.springframework.security.oauth2.client.ClientAuthorizationException
	 * when Tessera refuses the token request (e.g. {@code invalid_client})
	 */
	public Hello hello() {
		return this.restClient.get().uri("/api/hello").retrieve().body(Hello.class);
	}

	/**
	 * The API's answer.
	 *
	 * @param message a greeting
	 * @param clientId the {@code client_id} of the token the API accepted
	 * @param sub its {@code sub}
	 */
	public record Hello(String message, @JsonProperty("client_id") String clientId, String sub) {
	}

}
