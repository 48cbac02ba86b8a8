package dev.tessera.auth.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A node started while PostgreSQL is away ({@link TcpProxy} refusing every connection)
 * waits for it, saying what it waits for, and starts by itself once it answers; one that
 * waits longer than {@code tessera.database.startup-timeout} stops with a message that
 * says what to check and its own exit status; a missing database is not waited out.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartupTest {

	@Test
	void aNodeStartedBeforeItsDatabaseWaitsSaysSoAndStartsWhenItAnswers(CapturedOutput output) throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database)) {
			proxy.cut();
			String url = proxy.jdbcUrl(database);
			int managementPort = freePort();
			CompletableFuture<Node> starting = CompletableFuture
				.supplyAsync(() -> Node.start(url, "--management.server.port=" + managementPort));
			try {
				String where = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
				Poll.await(Duration.ofSeconds(30),
						() -> (output.getOut()
							.contains("Waiting for the database at " + where + " (role "
									+ TestDatabase.get().runtimeUsername() + ")")
								&& output.getOut().contains("next attempt in")) ? true : null);
				assertThat(output.getOut()).contains("the management port answers liveness UP, readiness DOWN")
					.doesNotContain(TestDatabase.get().runtimePassword());
				assertThat(starting).as("still waiting, not failed").isNotDone();
				// a waiting node is alive (no restart) but not ready (no traffic)
				Http management = new Http("http://localhost:" + managementPort);
				Http.Response live = management.get("/actuator/health/liveness");
				assertThat(live.status()).isEqualTo(200);
				assertThat(live.json()).containsEntry("status", "UP");
				Http.Response ready = management.get("/actuator/health/readiness");
				assertThat(ready.status()).isEqualTo(503);
				assertThat(ready.json()).containsEntry("status", "DOWN");

				proxy.restore();
				try (Node node = starting.get(90, TimeUnit.SECONDS)) {
					assertThat(output.getOut()).contains("Database at " + where + " answered after");
					IssuedSecret client = node.bean(ClientRegistrar.class)
						.register(ClientDraft.clientCredentials(null, "late-start", Set.of(), Set.of(), Set.of()));
					Http.Response token = node.http()
						.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
								form("grant_type", "client_credentials"));
					assertThat(token.status()).isEqualTo(200);
					assertThat(token.json()).containsKey("access_token");
					// the real management server took the port over
					Http.Response readyNow = management.get("/actuator/health/readiness");
					assertThat(readyNow.status()).as(readyNow.toString()).isEqualTo(200);
					assertThat(readyNow.json()).containsKey("components");
				}
			}
			finally {
				starting.cancel(true);
			}
		}
	}

	@Test
	void aNodeThatWaitedLongEnoughStopsWithWhatToCheckAndItsOwnExitStatus() {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database)) {
			proxy.cut();
			long start = System.nanoTime();
			Throwable failure = catchThrowable(
					() -> Node.start(proxy.jdbcUrl(database), "--tessera.database.startup-timeout=2s").close());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

			DatabaseUnreachableException unreachable = cause(failure, DatabaseUnreachableException.class);
			assertThat(unreachable).as("%s", failure).isNotNull();
			assertThat(unreachable.getExitCode()).isEqualTo(75);
			assertThat(unreachable.getMessage()).contains(unreachable.where())
				.contains("tessera.database.startup-timeout 2 s")
				.doesNotContain(TestDatabase.get().runtimePassword());
			FailureAnalysis analysis = new DatabaseUnreachableFailureAnalyzer().analyze(failure);
			assertThat(analysis.getAction()).contains("Check that PostgreSQL is running and reachable")
				.contains("TESSERA_DATABASE_STARTUP_TIMEOUT")
				.contains("exits with status 75");
		}
	}

	@Test
	void aMissingDatabaseIsNotWaitedOut(CapturedOutput output) {
		String database = TestDatabase.get().createDatabase();
		int slash = database.indexOf('/', "jdbc:postgresql://".length());
		int query = database.indexOf('?', slash);
		String missing = database.substring(0, slash + 1) + "no_such_database"
				+ ((query < 0) ? "" : database.substring(query));
		long start = System.nanoTime();
		Throwable failure = catchThrowable(() -> Node.start(missing).close());
		assertThat(failure).isNotNull();
		assertThat(cause(failure, DatabaseUnreachableException.class)).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		assertThat(output.getOut()).doesNotContain("Waiting for the database at");
	}

	static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
