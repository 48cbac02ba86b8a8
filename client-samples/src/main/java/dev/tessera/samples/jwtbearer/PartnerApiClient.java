package dev.tessera.samples.jwtbearer;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.web.client.RestClient;

/**
 * The protected API as the partner calls it, always for one of its subjects: the subject
 * travels as the request's principal, from which the OAuth2 interceptor picks (or gets)
 * that subject's token. Nothing here sees a token.
 */
public class PartnerApiClient {

	private final RestClient api;

	private final String registrationId;

	PartnerApiClient(RestClient api, String registrationId) {
		this.api = api;
		this.registrationId = registrationId;
	}

	/**
	 * {@code GET /api/hello} for {@code subject}.
	 * @throws org.springframework.security.oauth2.client.ClientAuthorizationException
	 * when Tessera refuses the token request: {@code invalid_grant} for an assertion it
	 * does not accept, {@code invalid_scope}, {@code unauthorized_client},
	 * {@code invalid_client} for a refused client authentication (wrong id or secret),
	 * with Tessera's description
	 * @throws org.springframework.web.client.RestClientResponseException when the API
	 * answers with an error
	 */
	public Hello hello(String subject) {
		return this.api.get()
			.uri("/api/hello")
			.attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId(this.registrationId))
			.attributes(RequestAttributePrincipalResolver.principal(subject))
			.retrieve()
			.body(Hello.class);
	}

	/**
	 * The API's answer: who it saw calling.
	 *
	 * @param clientId the Tessera client the partner calls as
	 * @param sub the subject of the token: the trusted issuer's subject prefix followed
	 * by the partner's subject
	 */
	public record Hello(String message, @JsonProperty("client_id") String clientId, String sub) {
	}

}
