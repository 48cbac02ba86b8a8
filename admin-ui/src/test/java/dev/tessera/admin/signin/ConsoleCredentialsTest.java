package dev.tessera.admin.signin;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.tessera.admin.config.TesseraProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the console's client secret comes from: the environment, a mounted secret file,
 * or (development only) the file the auth server writes to the data directory.
 */
class ConsoleCredentialsTest {

	@TempDir
	Path dir;

	@Test
	void aSecretGivenDirectlyWins() throws IOException {
		writeDevelopmentFile("other", "from-file");

		assertThat(credentials("s3cret", null, "dev").current())
			.hasValue(new ConsoleCredentials.Credentials("tessera-admin-ui", "s3cret"));
	}

	@Test
	void aMountedSecretFileIsReadOnUseAndTrimmed() throws IOException {
		Path secret = this.dir.resolve("secret");
		ConsoleCredentials credentials = credentials(null, secret, "production");
		assertThat(credentials.current()).isEmpty();

		Files.writeString(secret, "mounted-secret\n");

		assertThat(credentials.current())
			.hasValue(new ConsoleCredentials.Credentials("tessera-admin-ui", "mounted-secret"));
	}

	@Test
	void developmentReadsTheFileTheAuthServerWritesOnceItAppears() throws IOException {
		ConsoleCredentials credentials = credentials(null, null, "dev");
		assertThat(credentials.current()).isEmpty();
		assertThat(credentials.howToConfigure()).contains("admin-ui-client.properties", "bin/tessera-dev");

		writeDevelopmentFile("tessera-admin-ui", "generated");

		assertThat(credentials.current()).hasValue(new ConsoleCredentials.Credentials("tessera-admin-ui", "generated"));
	}

	@Test
	void productionNeverReadsTheDevelopmentFile() throws IOException {
		writeDevelopmentFile("tessera-admin-ui", "generated");
		ConsoleCredentials credentials = credentials(null, null, "production");

		assertThat(credentials.current()).isEmpty();
		assertThat(credentials.howToConfigure()).contains("TESSERA_ADMIN_UI_CLIENT_SECRET")
			.doesNotContain("admin-ui-client.properties");
	}

	@Test
	void anIncompleteFileIsNoCredentials() throws IOException {
		Files.writeString(this.dir.resolve(ConsoleCredentials.DEVELOPMENT_FILE), "client_id=tessera-admin-ui\n");

		assertThat(credentials(null, null, "dev").current()).isEmpty();
	}

	@Test
	void theSecretIsNeverPrinted() {
		assertThat(new ConsoleCredentials.Credentials("id", "very-secret").toString()).doesNotContain("very-secret");
	}

	private void writeDevelopmentFile(String id, String secret) throws IOException {
		Files.writeString(this.dir.resolve(ConsoleCredentials.DEVELOPMENT_FILE),
				"client_id=" + id + "\nclient_secret=" + secret + "\n");
	}

	private ConsoleCredentials credentials(String secret, Path secretFile, String mode) {
		return new ConsoleCredentials(new TesseraProperties(URI.create("http://localhost:9000"),
				new TesseraProperties.Http(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60)),
				new TesseraProperties.Console(URI.create("http://127.0.0.1:9001"), "tessera-admin-ui", secret,
						secretFile),
				this.dir, mode));
	}

}
