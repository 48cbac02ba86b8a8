package dev.tessera.auth;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.LogCapture;
import dev.tessera.auth.support.LogScanner;
import dev.tessera.auth.support.LoggedSecrets;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret in any log line: every secret and token the tests of this run created or sent
 * ({@link LoggedSecrets}: client secrets, access and refresh tokens, assertions, codes,
 * passwords, the dev bootstrap client's secret) is looked for in every line this JVM
 * wrote ({@link LogCapture}, started before the first test) and in this run's surefire
 * output files. Runs after every other test class ({@code support.LogScanRunsLast}); run
 * alone, it still scans what it creates itself. It cannot pass on nothing: the values and
 * the lines must be there, and a line logged here must be found in the capture.
 */
@TesseraServerTest
class NoSecretInLogsTest {

	@Value("${local.server.port}")
	int port;

	@Value("${tessera.data-dir}")
	Path dataDir;

	@Autowired
	ClientRegistrar registrar;

	@Test
	void noSecretOrTokenOfThisRunIsInAnyLogLine() throws IOException {
		assertThat(LogCapture.installed()).as("the capture started with the launcher session (LogCaptureSession)")
			.isTrue();
		Http http = new Http("http://localhost:" + this.port);
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "log scan", Set.of(), Set.of(), Set.of()));
		Http.Response token = http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		String accessToken = (String) token.json().get("access_token");
		String canary = "log-scan-canary-" + UUID.randomUUID();
		LoggerFactory.getLogger(NoSecretInLogsTest.class).info("Log scan canary {}", canary);

		Set<String> secrets = LoggedSecrets.values();
		assertThat(secrets).as("the secrets recorded by the test helpers").contains(client.clientSecret(), accessToken);
		Path captured = LogCapture.file();
		assertThat(Files.readString(captured)).as("the captured log holds what was logged")
			.contains(canary)
			.contains("Started");

		LogScanner scanner = new LogScanner(secrets);
		List<String> findings = new ArrayList<>(scanner.scan(captured));
		for (Path output : surefireOutputsOfThisRun()) {
			findings.addAll(scanner.scan(output));
		}
		assertThat(findings).as("log lines holding one of the %d secrets and tokens of this run", secrets.size())
			.isEmpty();
	}

	/** The dev bootstrap client's secret, as this context's server wrote it. */
	private String bootstrapSecret() throws IOException {
		return Files.readAllLines(this.dataDir.resolve("bootstrap-client.properties"))
			.stream()
			.filter((line) -> line.startsWith("client_secret="))
			.map((line) -> line.substring("client_secret=".length()))
			.findFirst()
			.orElseThrow();
	}

	private static List<Path> surefireOutputsOfThisRun() throws IOException {
		Path reports = Path.of("target", "surefire-reports");
		if (!Files.isDirectory(reports)) {
			return List.of();
		}
		FileTime started = FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime());
		try (Stream<Path> files = Files.list(reports)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-output.txt")).filter((file) -> {
				try {
					return Files.getLastModifiedTime(file).compareTo(started) >= 0;
				}
				catch (IOException ex) {
					return false;
				}
			}).toList();
		}
	}

}
