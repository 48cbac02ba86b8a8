package dev.tessera.samples.clientcredentials;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The service refuses, before anything is sent, an issuer (whose token endpoint gets the
 * client's credentials) or an API URL (which gets its tokens) that is plain http to
 * another host than this machine's loopback, naming the variable.
 */
class ClientCredentialsPropertiesTest {

	@Test
	void httpsOrLoopbackOnly() {
		assertThat(properties("https://tessera.example.com", "http://127.0.0.1:8081").issuer())
			.isEqualTo("https://tessera.example.com");
		assertThatIllegalArgumentException().isThrownBy(() -> properties("http://tessera.example.com", "https://api"))
			.withMessageStartingWith("sample.issuer (TESSERA_ISSUER) must be an https URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties("http://localhost:9000", "http://api.example.com"))
			.withMessageStartingWith("sample.api-url (SAMPLE_API_URL) must be an https URL");
		assertThatIllegalArgumentException().isThrownBy(() -> properties("http://localhost:9000", ""))
			.withMessage("sample.api-url (SAMPLE_API_URL) must be set");
	}

	private static ClientCredentialsProperties properties(String issuer, String apiUrl) {
		return new ClientCredentialsProperties(issuer, apiUrl, Duration.ofSeconds(60), null, "", 5,
				Duration.ofSeconds(10));
	}

}
