package dev.tessera.auth.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.TesseraAuthServerApplication;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code TESSERA_LOG_FORMAT}: {@code json} is one ECS JSON object per line carrying the
 * request's correlation id, {@code text} the usual lines, and unset it follows the mode
 * (JSON in production, text in development). The JSON case runs a server in a JVM of its
 * own: logging is set up once per JVM, and this one's is shared by every test.
 */
class LogFormatTest {

	@Test
	void theFormatFollowsTheSettingElseTheMode() {
		assertThat(LogFormat.structuredFormat("json", false)).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat("JSON", false)).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat("logstash", false)).isEqualTo("logstash");
		assertThat(LogFormat.structuredFormat("text", true)).isNull();
		assertThat(LogFormat.structuredFormat(null, true)).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat("", false)).isNull();
		assertThatIllegalStateException().isThrownBy(() -> LogFormat.structuredFormat("yaml", false))
			.withMessageContaining("TESSERA_LOG_FORMAT");
	}

	@Test
	void aLineLoggedDuringARequestIsJsonWithTheRequestsCorrelationId() throws Exception {
		TestDatabase database = TestDatabase.get();
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), TesseraAuthServerApplication.class.getName(),
				"--server.port=" + port, "--management.server.port=0", "--tessera.issuer=http://localhost:" + port,
				"--tessera.data-dir=" + Files.createTempDirectory("tessera-json-logs"), "--tessera.log-format=json",
				// a line logged inside every request, after the correlation id is set
				"--logging.level.org.springframework.security.web.FilterChainProxy=DEBUG"));
		database.serverProperties(database.createDatabase())
			.forEach((name, value) -> command.add("--" + name + "=" + value));
		Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> lines = Collections.synchronizedList(new ArrayList<>());
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
				in.lines().forEach(lines::add);
			}
			catch (IOException ex) {
				// the server was stopped
			}
		});
		reader.setDaemon(true);
		reader.start();
		try {
			Http http = new Http("http://localhost:" + port);
			String correlationId = "json-log-" + UUID.randomUUID();
			Http.Response answered = Poll.await(Duration.ofSeconds(90), () -> {
				if (!server.isAlive()) {
					throw new AssertionError("The server stopped:\n" + String.join("\n", lines));
				}
				try {
					return http.send(java.net.http.HttpRequest
						.newBuilder(java.net.URI.create("http://localhost:" + port + "/oauth2/token"))
						.header("X-Correlation-Id", correlationId)
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
				}
				catch (RuntimeException ex) {
					return null; // not listening yet
				}
			});
			assertThat(answered.header("X-Correlation-Id")).isEqualTo(correlationId);
			List<String> requestLines = Poll.await(Duration.ofSeconds(10), () -> {
				List<String> found = snapshot(lines).stream().filter((line) -> line.contains(correlationId)).toList();
				return found.isEmpty() ? null : found;
			});
			for (String line : requestLines) {
				Map<String, Object> json = JSONObjectUtils.parse(line);
				assertThat(json).as(line)
					.containsEntry("correlationId", correlationId)
					.containsKeys("@timestamp", "log", "message");
				assertThat(JSONObjectUtils.getJSONObject(json, "log")).containsKeys("level", "logger");
			}
			String started = Poll.await(Duration.ofSeconds(30),
					() -> snapshot(lines).stream()
						.filter((line) -> line.contains("Started TesseraAuthServerApplication"))
						.findFirst()
						.orElse(null));
			assertThat(JSONObjectUtils.parse(started)).containsKey("message");
		}
		finally {
			server.destroy();
			if (!server.waitFor(20, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	private static List<String> snapshot(List<String> lines) {
		synchronized (lines) {
			return new ArrayList<>(lines);
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
