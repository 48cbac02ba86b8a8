package dev.tessera.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.LogCapture;
import dev.tessera.auth.support.LogScanRun;
import dev.tessera.auth.support.LogScanner;
import dev.tessera.auth.support.LoggedSecrets;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret in any log line of the build: every secret and token the tests created or
 * sent ({@link LoggedSecrets}: client secrets, access and refresh tokens, assertions,
 * codes, passwords, the dev bootstrap's secrets), as every test JVM of this build wrote
 * them to {@code target/log-scan/<build>/secrets-*.txt}, is looked for in every line the
 * test JVMs wrote ({@code captured-*.log}, {@link LogCapture}) and in the build's
 * surefire output files.
 * <p>
 * Runs in the surefire execution {@code log-scan} (auth-server/pom.xml), after the
 * default execution has run every other test class of every engine (Jupiter and jqwik);
 * in the default execution (a {@code -Dtest} pattern that matches it) it is skipped. It
 * cannot pass on nothing: each JVM of the default execution must have left its canary (a
 * line logged and a value recorded when its last test was done,
 * {@code LogCaptureSession}), a build whose surefire reports show tests must have such
 * JVMs, and this JVM's own server's client secret, token, bootstrap secret and log lines
 * must be there too. Outside Maven it scans only what its own JVM wrote.
 */
@TesseraServerTest
@DisabledIfSystemProperty(named = "tessera.log-scan.role", matches = "record",
		disabledReason = "runs in the surefire execution log-scan, after every other test of the build")
class NoSecretInLogsTest {

	@Value("${local.server.port}")
	int port;

	@Value("${tessera.data-dir}")
	Path dataDir;

	@Autowired
	ClientRegistrar registrar;

	@Test
	void noSecretOrTokenOfThisBuildIsInAnyLogLine() throws IOException {
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
		assertThat(LoggedSecrets.values()).as("this JVM's recorded secrets")
			.contains(client.clientSecret(), accessToken, bootstrapSecret());
		assertThat(Files.readString(LogCapture.file())).as("this JVM's captured log holds what was logged")
			.contains(canary)
			.contains("Started");

		Path directory = LogScanRun.directory();
		Set<String> secrets = LoggedSecrets.recordedIn(directory);
		assertThat(secrets).as("the secrets recorded in this build, as read back from " + directory)
			.contains(client.clientSecret(), accessToken, bootstrapSecret());
		List<Path> captured = files(directory, "captured-");
		if (LogScanRun.fromMaven()) {
			assertOtherJvmsLeftTheirCanaries(directory, secrets, captured);
		}

		LogScanner scanner = new LogScanner(secrets);
		List<String> findings = new ArrayList<>();
		for (Path log : captured) {
			findings.addAll(scanner.scan(log));
		}
		for (Path output : surefireFilesOfThisBuild("-output.txt")) {
			findings.addAll(scanner.scan(output));
		}
		assertThat(findings).as("log lines holding one of the %d secrets and tokens of this build", secrets.size())
			.isEmpty();
	}

	/**
	 * Every other JVM of this build left its canary line in its captured log and its
	 * canary value in its secrets; if the build's surefire reports show other tests,
	 * there is at least one such JVM.
	 */
	private static void assertOtherJvmsLeftTheirCanaries(Path directory, Set<String> secrets, List<Path> captured)
			throws IOException {
		String own = "captured-" + ProcessHandle.current().pid() + ".log";
		List<Path> others = captured.stream().filter((log) -> !log.getFileName().toString().equals(own)).toList();
		List<Path> reports = surefireFilesOfThisBuild(".xml").stream()
			.filter((report) -> report.getFileName().toString().startsWith("TEST-"))
			.filter((report) -> !report.getFileName().toString().contains(NoSecretInLogsTest.class.getName()))
			.toList();
		if (!reports.isEmpty()) {
			assertThat(others).as("the captured logs of the JVMs that ran this build's tests (reports: %s)", reports)
				.isNotEmpty();
		}
		for (Path log : others) {
			String name = log.getFileName().toString();
			long pid = Long.parseLong(name.substring("captured-".length(), name.length() - ".log".length()));
			Path recorded = directory.resolve("secrets-" + pid + ".txt");
			assertThat(recorded).as("the secrets JVM %d recorded", pid).isNotEmptyFile();
			assertThat(LoggedSecrets.read(recorded)).as("JVM %d's canary value, recorded last", pid)
				.contains(LogScanRun.canarySecret(pid));
			assertThat(secrets).contains(LogScanRun.canarySecret(pid));
			assertThat(Files.readString(log)).as("JVM %d's canary line, logged after its last test", pid)
				.contains(LogScanRun.canaryLine(pid));
		}
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

	private static List<Path> files(Path directory, String prefix) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix)).sorted().toList();
		}
	}

	/** The surefire report files ending so, written since this build started. */
	private static List<Path> surefireFilesOfThisBuild(String suffix) throws IOException {
		Path reports = Path.of("target", "surefire-reports");
		if (!Files.isDirectory(reports)) {
			return List.of();
		}
		FileTime started = FileTime.from(LogScanRun.started());
		try (Stream<Path> files = Files.list(reports)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).filter((file) -> {
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
