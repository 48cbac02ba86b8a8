package dev.tessera.auth.web;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With PostgreSQL gone (every connection dropped, new ones refused), every protocol
 * request answers {@code 503 temporarily_unavailable} with {@code Retry-After}, not only
 * the first one, whether or not its client is cached, and fast; the node recovers by
 * itself. Under load with the database coming and going, no client ever holds a token
 * whose {@code token.issue} event the audit trail lacks. With PostgreSQL slow or frozen
 * (connections open, no answer: {@link TcpProxy#freeze()}), requests still end within a
 * bounded time and no request thread stays stuck on the database.
 */
class DatabaseOutageTest {

	@Test
	void everyRequestDuringAnOutageIsTemporarilyUnavailableAndTheNodeRecovers() throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500")) {
			Http http = node.http();
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "outage", Set.of(), Set.of(), Set.of()));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).isEqualTo(200);

			proxy.cut();
			for (int i = 0; i < 4; i++) {
				assertUnavailable(token(http, client.clientId(), client.clientSecret()));
			}
			assertUnavailable(token(http, "never-cached", "a-secret-that-cannot-be-checked-now"));
			assertUnavailable(http.postForm("/oauth2/introspect", client.clientId(), client.clientSecret(),
					form("token", "not-a-token")));

			proxy.restore();
			Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = token(http, client.clientId(), client.clientSecret());
				return (response.status() == 200) ? response : null;
			});
			assertThat(recovered.json()).as("a token once the database is back").containsKey("access_token");
		}
	}

	/**
	 * Eight clients ask for tokens without pause while the database is cut four times:
	 * every token any of them received has its {@code token.issue} event (by {@code jti})
	 * in the audit trail, and every refusal came fast.
	 */
	@Test
	void noTokenReachesAClientWithoutItsAuditEventWhileTheDatabaseComesAndGoes() throws Exception {
		String database = TestDatabase.get().createDatabase();
		Duration bound = Duration.ofSeconds(6);
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500",
						"--tessera.audit.wait-timeout=2s")) {
			Http http = node.http();
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "outage-load", Set.of(), Set.of(), Set.of()));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).isEqualTo(200);

			AtomicBoolean running = new AtomicBoolean(true);
			Set<String> received = ConcurrentHashMap.newKeySet();
			Queue<String> unexpected = new ConcurrentLinkedQueue<>();
			AtomicInteger refused = new AtomicInteger();
			ExecutorService clients = Executors.newFixedThreadPool(8);
			List<Future<?>> loops = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				loops.add(clients.submit(() -> {
					while (running.get()) {
						long start = System.nanoTime();
						Http.Response response = token(http, client.clientId(), client.clientSecret());
						Duration took = Duration.ofNanos(System.nanoTime() - start);
						if (response.status() == 200) {
							received.add(jti((String) response.json().get("access_token")));
						}
						else if (response.status() == 503 && took.compareTo(bound) < 0
								&& "temporarily_unavailable".equals(response.json().get("error"))
								&& response.header("Retry-After") != null) {
							refused.incrementAndGet();
						}
						else {
							unexpected.add(response.status() + " after " + took.toMillis() + " ms: " + response.body());
						}
					}
				}));
			}
			try {
				for (int cut = 0; cut < 4; cut++) {
					Thread.sleep(700);
					proxy.cut();
					Thread.sleep(1500);
					proxy.restore();
				}
				Thread.sleep(1500);
			}
			finally {
				running.set(false);
				for (Future<?> loop : loops) {
					loop.get(30, TimeUnit.SECONDS);
				}
				clients.shutdownNow();
			}

			assertThat(unexpected).as("only tokens, or fast 503 temporarily_unavailable with Retry-After").isEmpty();
			assertThat(received).as("tokens were issued between the cuts").isNotEmpty();
			assertThat(refused.get()).as("the cuts were felt").isPositive();
			Set<String> audited = new HashSet<>(TestDatabase.get()
				.superuserJdbc(database)
				.queryForList("select detail::jsonb ->> 'jti' from audit_event where operation = 'token.issue'",
						String.class));
			assertThat(audited).as("every token a client holds has its audit event").containsAll(received);
		}
	}

	/**
	 * A slow database (each chunk held 150 ms) still issues tokens; a frozen one (no
	 * answer, no reset) gets 503s within the bound from every request, those of a cached
	 * client (waiting for the audit row) and of unknown clients (waiting for their
	 * lookup) alike, while requests that need no database answer at once; afterwards no
	 * request thread is left in the PostgreSQL driver; thawed, the node issues tokens
	 * again.
	 */
	@Test
	void aSlowOrFrozenDatabaseBoundsEveryRequestAndHoldsNoThread() throws Exception {
		String database = TestDatabase.get().createDatabase();
		Duration bound = Duration.ofSeconds(8);
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500",
						"--spring.datasource.hikari.maximum-pool-size=4", "--tessera.database.socket-timeout=2s",
						"--tessera.audit.wait-timeout=2s")) {
			Http http = node.http();
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "frozen", Set.of(), Set.of(), Set.of()));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).isEqualTo(200);

			proxy.delay(Duration.ofMillis(150));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).as("slow, but served")
				.isEqualTo(200);
			proxy.delay(Duration.ZERO);

			proxy.freeze();
			ExecutorService callers = Executors.newFixedThreadPool(24);
			try {
				List<Future<String>> answers = new ArrayList<>();
				for (int i = 0; i < 24; i++) {
					String clientId = (i % 3 == 0) ? "unknown-" + i : client.clientId();
					String secret = (i % 3 == 0) ? "no-secret-to-check" : client.clientSecret();
					answers.add(callers.submit(() -> {
						long start = System.nanoTime();
						Http.Response response = token(http, clientId, secret);
						Duration took = Duration.ofNanos(System.nanoTime() - start);
						return response.status() + " " + response.json().get("error") + " "
								+ (took.compareTo(bound) < 0 ? "in time" : "after " + took.toMillis() + " ms");
					}));
				}
				Thread.sleep(500); // the requests are waiting on the frozen database now
				long start = System.nanoTime();
				assertThat(http.get("/oauth2/jwks").status()).isEqualTo(200);
				assertThat(http.get("/.well-known/oauth-authorization-server").status()).isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("requests that need no database")
					.isLessThan(Duration.ofSeconds(1));
				for (Future<String> answer : answers) {
					assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("503 temporarily_unavailable in time");
				}
			}
			finally {
				callers.shutdownNow();
			}
			String workers = "http-nio-" + node.port() + "-exec-";
			assertThat(Thread.getAllStackTraces().entrySet())
				.filteredOn(thread -> thread.getKey().getName().startsWith(workers))
				.filteredOn(thread -> Arrays.stream(thread.getValue())
					.anyMatch(frame -> frame.getClassName().startsWith("org.postgresql")))
				.as("request threads still inside the PostgreSQL driver")
				.isEmpty();

			proxy.thaw();
			Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = token(http, client.clientId(), client.clientSecret());
				return (response.status() == 200) ? response : null;
			});
			assertThat(recovered.json()).containsKey("access_token");
		}
	}

	/**
	 * With the default socket timeout (60 s) a frozen database holds the audit writer's
	 * batch: the first token request gives up after {@code tessera.audit.wait-timeout};
	 * from then on requests are refused at once, not each after that wait, so a burst
	 * cannot occupy every request thread. Thawed, tokens flow again.
	 */
	@Test
	void onceTheAuditStoreHasStalledTokenRequestsAreRefusedAtOnce() throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500",
						"--tessera.audit.wait-timeout=2s")) {
			Http http = node.http();
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "stalled", Set.of(), Set.of(), Set.of()));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).isEqualTo(200);

			proxy.freeze();
			long start = System.nanoTime();
			assertUnavailable(token(http, client.clientId(), client.clientSecret()));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the first waits for the audit row")
				.isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
			ExecutorService callers = Executors.newFixedThreadPool(16);
			try {
				List<Future<Duration>> answers = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					answers.add(callers.submit(() -> {
						long began = System.nanoTime();
						assertUnavailable(token(http, client.clientId(), client.clientSecret()));
						return Duration.ofNanos(System.nanoTime() - began);
					}));
				}
				for (Future<Duration> answer : answers) {
					assertThat(answer.get(30, TimeUnit.SECONDS)).as("refused at once")
						.isLessThan(Duration.ofSeconds(1));
				}
			}
			finally {
				callers.shutdownNow();
			}

			proxy.thaw();
			Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = token(http, client.clientId(), client.clientSecret());
				return (response.status() == 200) ? response : null;
			});
			assertThat(recovered.json()).containsKey("access_token");
		}
	}

	static String jti(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	private static void assertUnavailable(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.json()).containsEntry("error", "temporarily_unavailable").doesNotContainKey("access_token");
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	private static Http.Response token(Http http, String clientId, String secret) {
		return http.postForm("/oauth2/token", clientId, secret, form("grant_type", "client_credentials"));
	}

}
