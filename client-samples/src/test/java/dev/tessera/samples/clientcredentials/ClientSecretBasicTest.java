package dev.tessera.samples.clientcredentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretBasicTest {

	@Test
	void matchesTheRfc6749Example() {
		// RFC 6749 §2.3.1
		String header = ClientSecretBasic.authorizationHeader(new ClientCredentials("s6BhdRkqt3", "gX1fBat3bV"));

		assertThat(header).isEqualTo("Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
	}

	@Test
	void formEncodesIdAndSecretBeforeBase64() {
		String header = ClientSecretBasic
			.authorizationHeader(new ClientCredentials("billing client:1", "p@ss:w/rd+%é"));

		assertThat(header).startsWith("Basic ");
		String decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
				StandardCharsets.US_ASCII);
		// the only raw colon is the separator, so a colon in the id cannot shift it
		assertThat(decoded).isEqualTo("billing+client%3A1:p%40ss%3Aw%2Frd%2B%25%C3%A9");
	}

	@Test
	void credentialsDoNotPrintTheSecret() {
		ClientCredentials credentials = new ClientCredentials("billing", "top-secret-value");

		assertThat(credentials.toString()).contains("billing").doesNotContain("top-secret-value");
	}

}
