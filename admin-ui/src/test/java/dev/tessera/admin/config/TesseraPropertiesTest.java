package dev.tessera.admin.config;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The issuer must be something the console can call: an absolute http(s) URL.
 */
class TesseraPropertiesTest {

	private static final TesseraProperties.Http HTTP = new TesseraProperties.Http(Duration.ofSeconds(2),
			Duration.ofSeconds(2));

	@Test
	void acceptsHttpAndHttpsIssuers() {
		assertThat(new TesseraProperties(URI.create("http://localhost:9000"), HTTP).issuer().getPort()).isEqualTo(9000);
		assertThat(new TesseraProperties(URI.create("https://auth.example/tenant"), HTTP).issuer().getHost())
			.isEqualTo("auth.example");
	}

	@Test
	void rejectsIssuersItCannotCall() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TesseraProperties(URI.create("localhost:9000"), HTTP))
			.withMessageContaining("tessera.issuer");
		assertThatIllegalArgumentException().isThrownBy(() -> new TesseraProperties(URI.create("/relative"), HTTP));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TesseraProperties(URI.create("file:///etc/passwd"), HTTP));
	}

}
