package dev.tessera.auth.config;

import java.io.EOFException;
import java.net.ConnectException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Poll;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Which start-up failures are worth waiting out, what the log may show of a URL, the
 * probes answered while waiting and a shutdown during the wait.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartupWaitTest {

	@Test
	void connectionFailuresAndAServerStillStartingAreWaitedOut() {
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("refused", "08001"))).isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("broken", "08006"))).isTrue();
		assertThat(
				DatabaseStartupWait.isWorthWaitingFor(new SQLException("the database system is starting up", "57P03")))
			.isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("too many clients", "53300"))).isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("no state", null, new EOFException())))
			.isTrue();
	}

	@Test
	void credentialsAMissingDatabaseAndUnknownFailuresAreNot() {
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("password authentication failed", "28P01")))
			.isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("no pg_hba.conf entry", "28000"))).isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("database does not exist", "3D000")))
			.isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("something else"))).isFalse();
	}

	@Test
	void theLoggedUrlHasNoParametersSoNoCredentials() {
		assertThat(DatabaseStartupWait
			.withoutParameters("jdbc:postgresql://db:5432/tessera?user=app&password=s3cret&sslmode=require"))
			.isEqualTo("jdbc:postgresql://db:5432/tessera");
		assertThat(DatabaseStartupWait.withoutParameters("jdbc:postgresql://db/tessera"))
			.isEqualTo("jdbc:postgresql://db/tessera");
	}

	@Test
	void theReasonGivesTheDriversWordsAndTheNetworksBelow() {
		assertThat(DatabaseStartupWait.reason(
				new SQLException("Connection to db:5432 refused.", "08001", new ConnectException("Connection refused")),
				null))
			.isEqualTo("Connection to db:5432 refused. (ConnectException: Connection refused)");
		assertThat(DatabaseStartupWait
			.reason(new SQLException("The connection attempt failed.", "08001", new EOFException()), null))
			.isEqualTo("The connection attempt failed. (EOFException)");
	}

	@Test
	void theReasonNeverRepeatsTheUrlWithItsParameters() {
		String url = "jdbc:postgresql://db:5432/tessera?password=S3cr3tValue";
		assertThat(DatabaseStartupWait.reason(new SQLException("No suitable driver found for " + url, "08001"), url))
			.isEqualTo("No suitable driver found for jdbc:postgresql://db:5432/tessera");
	}

	@Test
	void aUrlNoDriverAcceptsFailsAtOnceWithoutItsParameters(CapturedOutput output) {
		DatabaseStartupWait wait = new DatabaseStartupWait();
		wait.setEnvironment(new MockEnvironment());
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl("jdbc:postgresql://db:54x2/tessera?password=S3cr3tValue");
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> wait.postProcessAfterInitialization(pool, "dataSource"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(failure)
				.hasMessageContaining("No JDBC driver accepts the database URL jdbc:postgresql://db:54x2/tessera")
				.hasMessageNotContaining("S3cr3tValue");
			assertThat(output.getAll()).doesNotContain("S3cr3tValue").doesNotContain("Waiting for the database");
		}
	}

	@Test
	void whileWaitingTheManagementPortAnswersLiveAndNotReadyAndAShutdownEndsTheWait(CapturedOutput output)
			throws Exception {
		int closed = freePort();
		int management = freePort();
		DatabaseStartupWait wait = new DatabaseStartupWait();
		wait.setEnvironment(new MockEnvironment().withProperty("management.server.port", Integer.toString(management))
			.withProperty("management.server.address", "127.0.0.1"));
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closed + "/tessera");
			pool.setUsername("tessera");
			pool.setConnectionTimeout(1000);
			CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> wait.waitFor(pool));
			Poll.await(Duration.ofSeconds(20),
					() -> output.getOut().contains("Waiting for the database at") ? true : null);
			Http probes = new Http("http://127.0.0.1:" + management);
			Http.Response live = probes.get("/actuator/health/liveness");
			assertThat(live.status()).isEqualTo(200);
			assertThat(live.json()).isEqualTo(Map.of("status", "UP"));
			for (String path : List.of("/actuator/health/readiness", "/actuator/health")) {
				Http.Response notReady = probes.get(path);
				assertThat(notReady.status()).as(path).isEqualTo(503);
				assertThat(notReady.json()).isEqualTo(Map.of("status", "DOWN"));
			}
			assertThat(probes.get("/actuator/prometheus").status()).isEqualTo(404);

			// what the JVM's shutdown hook does on SIGTERM
			long start = System.nanoTime();
			wait.shutDownWhileWaiting();
			Throwable failure = catchThrowable(() -> waiting.get(10, TimeUnit.SECONDS));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(failure).hasRootCauseInstanceOf(IllegalStateException.class)
				.rootCause()
				.hasMessageStartingWith("Shut down while waiting for the database");
			// the port is free again for the real management server
			try (ServerSocket rebind = new ServerSocket()) {
				rebind.setReuseAddress(true);
				rebind.bind(new InetSocketAddress("127.0.0.1", management));
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
