package dev.tessera.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.support.LogScanner;
import dev.tessera.auth.support.LoggedSecrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log scan's scanner finds a planted secret anywhere in a line (and a token's
 * signature on its own), reports it masked, and finds nothing in clean lines: the scan at
 * the end of the run ({@link NoSecretInLogsTest}) could not pass by missing one.
 */
class LogScannerTest {

	static final String SECRET = "s3cr3t-planted-" + "Zq8vK2mW9xR4tY7u";

	static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0."
			+ "c2lnbmF0dXJlLW9mLXRoZS1wbGFudGVkLXRva2VuLXRoYXQtaXMtbG9uZw";

	@Test
	void findsAPlantedSecretAnywhereInALine() {
		LogScanner scanner = new LogScanner(List.of(SECRET, "another-secret-value"));
		assertThat(scanner.find("2026-01-01 INFO [abc] client authenticated with " + SECRET)).containsExactly(SECRET);
		assertThat(scanner.find(SECRET)).containsExactly(SECRET);
		assertThat(scanner.find("{\"message\":\"secret=" + SECRET + "\"}")).containsExactly(SECRET);
		assertThat(scanner.find("nothing to see: s3cr3t-planted- and another-secret")).isEmpty();
	}

	@Test
	void findsAJwtsSignatureWhenTheTokenIsCutShort() {
		LoggedSecrets.record(JWT);
		LogScanner scanner = new LogScanner(LoggedSecrets.values());
		String signature = JWT.substring(JWT.lastIndexOf('.') + 1);
		assertThat(scanner.find("token ..." + signature + " refused")).contains(signature);
	}

	@Test
	void scansAFileAndMasksWhatItReports(@TempDir Path dir) throws IOException {
		Path log = Files.write(dir.resolve("captured.log"),
				List.of("a clean line", "Bearer " + SECRET + " was logged", "another clean line"));
		List<String> findings = new LogScanner(List.of(SECRET)).scan(log);
		assertThat(findings).hasSize(1);
		assertThat(findings.get(0)).startsWith("captured.log:2: ").doesNotContain(SECRET);
	}

}
