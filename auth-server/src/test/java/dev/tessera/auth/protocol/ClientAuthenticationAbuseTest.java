package dev.tessera.auth.protocol;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed client authentications against the real server, from addresses a trusted proxy
 * (the test itself, on loopback) names in {@code X-Forwarded-For}: an attacker's address
 * is slowed (429 with {@code Retry-After} once its burst is spent, whatever it presents)
 * while the real client, from its own address or a new one, is not; and a flood of
 * failures from many addresses and threads leaves every valid token request answered 200
 * and the audit trail with counter events whose counts add up to the flood, not a row per
 * attempt.
 */
@TesseraServerTest
class ClientAuthenticationAbuseTest {

	@DynamicPropertySource
	static void behindAProxy(DynamicPropertyRegistry registry) {
		registry.add("tessera.audit.trusted-proxies", () -> "127.0.0.1,::1");
	}

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	Http http;

	IssuedSecret client;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.client = this.registrar.register(ClientDraft.clientCredentials(null, "abused-" + UUID.randomUUID(),
				Set.of(), Set.of(), Set.of("https://api.example.test")));
	}

	@Test
	void anAttackersAddressIsSlowedWhileTheRealClientFromAnotherAddressIsNot() throws Exception {
		String clientHost = "198.51.100.10";
		String attacker = "203.0.113.66";
		assertThat(token(clientHost, this.client.clientId(), this.client.clientSecret()).status()).isEqualTo(200);

		for (int i = 0; i < 20; i++) {
			assertThat(token(attacker, this.client.clientId(), "guess-" + i).status()).as("attempt " + i)
				.isEqualTo(401);
		}
		Http.Response throttled = token(attacker, this.client.clientId(), "guess-20");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.json()).containsEntry("error", "too_many_requests");
		assertThat((String) throttled.json().get("error_description")).contains("retry after");
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 10L);
		assertThat(throttled.header("Cache-Control")).contains("no-store");
		assertThat(token(attacker, this.client.clientId(), this.client.clientSecret()).status())
			.as("refused before its credentials are looked at, even the right ones")
			.isEqualTo(429);
		assertThat(call("/oauth2/introspect", attacker, this.client.clientId(), "guess", Map.of("token", "anything"))
			.status()).as("on every endpoint that authenticates clients").isEqualTo(429);
		assertThat(
				call("/oauth2/revoke", attacker, this.client.clientId(), "guess", Map.of("token", "anything")).status())
			.isEqualTo(429);

		for (int i = 0; i < 5; i++) {
			assertThat(token(clientHost, this.client.clientId(), this.client.clientSecret()).status())
				.as("the real client from its address")
				.isEqualTo(200);
		}
		assertThat(token("198.51.100.11", this.client.clientId(), this.client.clientSecret()).status())
			.as("the real client from a new address")
			.isEqualTo(200);
		assertThat(token(attacker, "another-client", "guess").status())
			.as("the attacker's address over other client ids: its own, more generous bucket")
			.isEqualTo(401);
	}

	@Test
	void aFloodOfFailuresLeavesValidRequestsAnsweredAndIsCountedNotRecordedPerAttempt() throws Exception {
		String clientHost = "198.51.100.20";
		assertThat(token(clientHost, this.client.clientId(), this.client.clientSecret()).status()).isEqualTo(200);
		this.counters.flush().join();

		int attempts = 3000;
		int addresses = 40;
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> badRetryAfter = new ConcurrentLinkedQueue<>();
		AtomicInteger next = new AtomicInteger();
		AtomicBoolean flooding = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(17);
		try {
			List<Future<?>> flood = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				flood.add(pool.submit(() -> {
					for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
						String address = "10.1.0." + (i % addresses);
						String clientId = (i % 2 == 0) ? this.client.clientId() : "unknown-" + (i % 5);
						Http.Response response = token(address, clientId, "wrong-" + i);
						statuses.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
						if (response.status() == 429 && !(response.header("Retry-After") != null
								&& Long.parseLong(response.header("Retry-After")) >= 1)) {
							badRetryAfter.add(response.toString());
						}
					}
				}));
			}
			Future<List<Integer>> valid = pool.submit(() -> {
				List<Integer> answers = new ArrayList<>();
				while (flooding.get() || answers.size() < 50) {
					answers.add(token(clientHost, this.client.clientId(), this.client.clientSecret()).status());
				}
				return answers;
			});
			for (Future<?> thread : flood) {
				thread.get();
			}
			flooding.set(false);
			List<Integer> answers = valid.get();
			assertThat(answers).as("every valid token request during the flood").isNotEmpty().containsOnly(200);
		}
		finally {
			pool.shutdownNow();
		}
		int refused = statuses.getOrDefault(401, new AtomicInteger()).get();
		int throttled = statuses.getOrDefault(429, new AtomicInteger()).get();
		assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(401, 429);
		assertThat(refused + throttled).isEqualTo(attempts);
		assertThat(throttled).as("the flood was slowed").isPositive();
		assertThat(badRetryAfter).isEmpty();

		this.counters.flush().join();
		List<Map<String, Object>> rows = this.jdbc
			.queryForList("select principal_type, outcome, detail from audit_event where operation = 'token.issue' "
					+ "and source_ip like '10.1.%'");
		assertThat(rows).as("no row per attempt").hasSizeLessThan(attempts / 3);
		Map<String, Long> counted = rows.stream().map(row -> {
			assertThat(row).containsEntry("principal_type", "anonymous").containsEntry("outcome", "business_error");
			return parse((String) row.get("detail"));
		})
			.collect(Collectors.groupingBy(detail -> (String) detail.get("error"),
					Collectors.summingLong(detail -> (Long) detail.get(AuditCounters.COUNT))));
		assertThat(counted).containsOnly(Map.entry("invalid_client", (long) refused),
				Map.entry("too_many_requests", (long) throttled));
	}

	@Test
	void aFormClientIdOtherThanTheBasicUserIsRefusedBeforeClientAuthentication() {
		String attacker = "203.0.113.77";
		for (int i = 0; i < 30; i++) {
			Http.Response response = call("/oauth2/token", attacker, this.client.clientId(), "guess-" + i,
					Map.of("grant_type", "client_credentials", "client_id", "random-" + UUID.randomUUID()));
			assertThat(response.status()).as("attempt " + i).isEqualTo(400);
			assertThat(response.json()).containsEntry("error", "invalid_request")
				.containsEntry("error_description", "client_id does not match the client authenticated by HTTP Basic");
		}
		assertThat(call("/oauth2/introspect", attacker, this.client.clientId(), "guess",
				Map.of("token", "anything", "client_id", "someone-else"))
			.status()).as("on every endpoint that authenticates clients").isEqualTo(400);

		for (int i = 0; i < 20; i++) {
			assertThat(call("/oauth2/token", attacker, this.client.clientId(), "guess-" + i,
					Map.of("grant_type", "client_credentials", "client_id", this.client.clientId()))
				.status()).as("the same id in both: authenticated, and charged, as the Basic user").isEqualTo(401);
		}
		Http.Response throttled = token(attacker, this.client.clientId(), "guess-20");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat((String) throttled.json().get("error_description")).contains("this client id from this address");
	}

	@Test
	void distinctClaimedClientIdsFromOneAddressMakeAFewCounterEventsAndLeaveOthersAttributed() throws Exception {
		this.counters.flush().join();
		String flooder = "203.0.113.88";
		String elsewhere = "198.51.100.88";
		int attempts = 300;
		for (int i = 0; i < attempts; i++) {
			assertThat(token(flooder, "made-up-" + UUID.randomUUID(), "guess-" + i).status()).isIn(401, 429);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(token(elsewhere, this.client.clientId(), "guess-" + i).status()).isEqualTo(401);
		}
		this.counters.flush().join();

		List<Map<String, Object>> flood = this.jdbc
			.queryForList("select detail from audit_event where operation = 'token.issue' and source_ip = ?", flooder);
		assertThat(flood).as("at most the per-address cap, plus its overflow event").hasSizeLessThanOrEqualTo(21);
		assertThat(flood.stream()
			.mapToLong(row -> parseAny((String) row.get("detail")).get(AuditCounters.COUNT) instanceof Long count
					? count : 0)
			.sum()).as("every attempt counted").isEqualTo(attempts);
		List<Map<String, Object>> victim = this.jdbc.queryForList(
				"select detail from audit_event where operation = 'token.issue' and source_ip = ?", elsewhere);
		assertThat(victim).singleElement()
			.satisfies(row -> assertThat(parse((String) row.get("detail")))
				.containsEntry("claimedClientId", this.client.clientId())
				.containsEntry(AuditCounters.COUNT, 3L));
	}

	private static Map<String, Object> parseAny(String detail) {
		try {
			return JSONObjectUtils.parse(detail);
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(detail, ex);
		}
	}

	private static Map<String, Object> parse(String detail) {
		try {
			Map<String, Object> parsed = JSONObjectUtils.parse(detail);
			assertThat(parsed).containsKeys(AuditCounters.COUNT, AuditCounters.FIRST_AT, AuditCounters.LAST_AT);
			if ("too_many_requests".equals(parsed.get("error"))) {
				assertThat(parsed).as("throttled requests are folded without the claimed client id")
					.containsKey("reason")
					.doesNotContainKey("claimedClientId");
			}
			else {
				assertThat(parsed).containsKey("claimedClientId");
			}
			return parsed;
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(detail, ex);
		}
	}

	private Http.Response token(String from, String clientId, String secret) {
		return call("/oauth2/token", from, clientId, secret, Map.of("grant_type", "client_credentials"));
	}

	private Http.Response call(String path, String from, String clientId, String secret, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Forwarded-For", from)
			.header("Authorization", Http.basic(clientId, secret))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

}
