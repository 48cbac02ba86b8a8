package dev.tessera.samples.clientcredentials;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code private_key_jwt} assertion the client credentials sample sends, read back
 * from the token request's parameters: header {@code typ}
 * {@code client-authentication+jwt} and the key's {@code kid}; {@code aud} Tessera's
 * issuer identifier as ONE JSON string (not the token endpoint, not an array);
 * {@code iss} and {@code sub} the client id; a new {@code jti} per assertion. (That
 * Tessera accepts it is proven end to end by {@code ClientCredentialsServiceTest}.)
 */
class ClientAssertionsTest {

	private static final String ISSUER = "https://tessera.example";

	@TempDir
	Path dir;

	@Test
	void signsWhatTesseraAsksFor() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		Path keyFile = TestCertificates.writeKey(this.dir.resolve("key.pem"), keys);
		ClientCredentialsProperties properties = new ClientCredentialsProperties(ISSUER, "http://localhost:8081",
				Duration.ofSeconds(60), keyFile, "key-1", 0, Duration.ZERO);
		ClientRegistration registration = ClientRegistration.withRegistrationId("tessera")
			.clientId("orders-service")
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(ISSUER + "/oauth2/token")
			.build();
		OAuth2ClientCredentialsGrantRequest request = new OAuth2ClientCredentialsGrantRequest(registration);

		JWSObject first = assertion(AuthorizedClientConfiguration.clientAssertions(properties).convert(request));
		JWSObject second = assertion(AuthorizedClientConfiguration.clientAssertions(properties).convert(request));

		assertThat(first.getHeader().getType().getType()).isEqualTo("client-authentication+jwt");
		assertThat(first.getHeader().getKeyID()).isEqualTo("key-1");
		Map<String, Object> claims = first.getPayload().toJSONObject();
		assertThat(claims.get("aud")).as("one string, not an array").isEqualTo(ISSUER);
		assertThat(claims).containsEntry("iss", "orders-service").containsEntry("sub", "orders-service");
		assertThat(claims.get("jti")).isNotNull().isNotEqualTo(second.getPayload().toJSONObject().get("jti"));
	}

	private static JWSObject assertion(MultiValueMap<String, String> parameters) throws Exception {
		assertThat(parameters.getFirst("client_assertion_type"))
			.isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		return JWSObject.parse(parameters.getFirst("client_assertion"));
	}

}
