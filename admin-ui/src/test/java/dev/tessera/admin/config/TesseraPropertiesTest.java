package dev.tessera.admin.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The issuer must be something the console can call: an absolute http(s) URL.
 */
class TesseraPropertiesTest {

	private static final TesseraProperties.Http HTTP = new TesseraProperties.Http(Duration.ofSeconds(2),
			Duration.ofSeconds(2), Duration.ofSeconds(60));

	private static final TesseraProperties.Console CONSOLE = new TesseraProperties.Console(
			URI.create("http://127.0.0.1:9001"), "tessera-admin-ui", null, null);

	@Test
	void rejectsAConsoleUrlItCannotRedirectTo() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TesseraProperties(URI.create("http://localhost:9000"), HTTP,
					new TesseraProperties.Console(URI.create("/console"), "tessera-admin-ui", null, null),
					Path.of("tessera-data"), "dev"))
			.withMessageContaining("tessera.console.url");
	}

	@Test
	void theSecretIsNeverPrinted() {
		TesseraProperties.Console console = new TesseraProperties.Console(URI.create("http://127.0.0.1:9001"),
				"tessera-admin-ui", "s3cret-value", null);

		assertThat(console.toString()).contains("tessera-admin-ui").doesNotContain("s3cret-value");
	}

	private static TesseraProperties properties(URI issuer) {
		return new TesseraProperties(issuer, HTTP, CONSOLE, Path.of("tessera-data"), "dev");
	}

	@Test
	void acceptsHttpAndHttpsIssuers() {
		assertThat(properties(URI.create("http://localhost:9000")).issuer().getPort()).isEqualTo(9000);
		assertThat(properties(URI.create("https://auth.example/tenant")).issuer().getHost()).isEqualTo("auth.example");
	}

	@Test
	void rejectsIssuersItCannotCall() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(URI.create("localhost:9000")))
			.withMessageContaining("tessera.issuer");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(URI.create("/relative")));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(URI.create("file:///etc/passwd")));
	}

}
