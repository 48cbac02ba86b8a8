package dev.tessera.auth.admin.api;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scope review, the overview and a client's usage over the real port, their figures
 * checked against a trail this test writes through the real token endpoint (the audit
 * writer keeps the rollups they read); read with a token holding {@code admin:read} alone
 * (what an auditor's console session holds), refused without it. The database is shared
 * with other test classes, so figures are checked for this test's own clients, and
 * server-wide counts as the difference this test made.
 */
@TesseraServerTest
class ReviewApiTest {

	static final String AUDIENCE = "https://api.example.test";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	MutableClock clock;

	@Autowired
	AuditCounters counters;

	Http http;

	/** Holds {@code admin:read} only. */
	AdminApi auditor;

	/** Holds {@code admin:clients} only. */
	AdminApi clientsAdmin;

	String read;

	String write;

	String delete;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.auditor = new AdminApi(this.issuer, adminToken("admin:read"));
		this.clientsAdmin = new AdminApi(this.issuer, adminToken("admin:clients"));
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.read = "rv" + suffix + ":read";
		this.write = "rv" + suffix + ":write";
		this.delete = "rv" + suffix + ":delete";
		for (String scope : List.of(this.read, this.write, this.delete)) {
			Http.Response created = this.clientsAdmin.post("/admin/api/scopes", "{\"name\":\"" + scope + "\"}");
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theFiguresMatchTheTokensIssued() {
		LocalDate firstDay = today();
		IssuedSecret orders = client("orders", this.read, this.write, this.delete);
		IssuedSecret billing = client("billing", this.read, this.write);
		IssuedSecret unused = client("unused", this.read);
		Map<String, Object> overviewBefore = ok(this.auditor.get("/admin/api/overview"));

		for (int i = 0; i < 3; i++) {
			token(orders, this.read);
		}
		token(orders, this.read + " " + this.write);
		token(orders, this.read + " " + this.write);
		token(billing, this.write);
		Http.Response refused = this.http.postForm("/oauth2/token", orders.clientId(), "not-the-secret",
				form("grant_type", "client_credentials", "scope", this.read));
		assertThat(refused.status()).isEqualTo(401);
		// a failed authentication is a counter event, written when its interval ends
		this.counters.flush().join();

		Map<String, Object> review = ok(this.auditor.get("/admin/api/reviews/scopes?days=90"));
		Map<String, Object> overview = ok(this.auditor.get("/admin/api/overview"));
		Map<String, Object> usage = ok(this.auditor.get("/admin/api/clients/" + orders.clientId() + "/usage?days=30"));
		String today = today().toString();
		assumeTrue(firstDay.toString().equals(today), "the UTC date changed during the test");

		assertThat(review).containsEntry("days", 90L)
			.containsEntry("to", today)
			.containsEntry("from", today().minusDays(89).toString())
			.containsEntry("idleDays", 90L);
		Map<String, Object> ordersLine = line(review, orders.clientId());
		assertThat(ordersLine).containsEntry("name", "orders")
			.containsEntry("enabled", true)
			.containsEntry("scopes", List.of(this.delete, this.read, this.write))
			.containsEntry("received",
					List.of(Map.of("scope", this.read, "tokens", 5L, "lastReceived", today),
							Map.of("scope", this.write, "tokens", 2L, "lastReceived", today)))
			.containsEntry("unusedScopes", List.of(this.delete))
			.containsEntry("tokens", 5L)
			.containsEntry("lastTokenOn", today)
			.containsEntry("idle", false)
			.containsEntry("secretPastRotation", false)
			.containsEntry("authMethods", List.of("client_secret_basic", "client_secret_post"))
			.containsKeys("createdAt", "secretCreatedAt", "secretExpiresAt");
		assertThat(line(review, billing.clientId()))
			.containsEntry("received", List.of(Map.of("scope", this.write, "tokens", 1L, "lastReceived", today)))
			.containsEntry("unusedScopes", List.of(this.read))
			.containsEntry("tokens", 1L);
		Map<String, Object> unusedLine = line(review, unused.clientId());
		assertThat(unusedLine).containsEntry("received", List.of())
			.containsEntry("unusedScopes", List.of(this.read))
			.containsEntry("tokens", 0L)
			.containsEntry("idle", false);
		assertThat(unusedLine.get("lastTokenOn")).isNull();
		assertThat(unusedLine).containsKey("lastTokenOn");
		assertThat((List<Object>) review.get("idleClients")).doesNotContain(orders.clientId(), unused.clientId());
		assertThat((List<Object>) review.get("secretsPastRotation")).doesNotContain(orders.clientId());

		List<Map<String, Object>> perDay = days(overview.get("tokensPerDay"));
		assertThat(perDay).hasSize(30);
		assertThat(perDay.get(0)).containsEntry("date", today().minusDays(29).toString());
		assertThat(perDay.get(29)).containsEntry("date", today);
		assertThat((Long) perDay.get(29).get("tokens") - todaysTokens(overviewBefore)).isEqualTo(6);
		assertThat(
				(Long) overview.get("failedAuthentications24h") - (Long) overviewBefore.get("failedAuthentications24h"))
			.isEqualTo(1);
		assertThat(counts(overview, "clients").get("total") - counts(overviewBefore, "clients").get("total")).isZero();
		assertThat(counts(overview, "clients").get("total")).isGreaterThanOrEqualTo(3);
		assertThat(counts(overview, "keys")).containsEntry("active", 1L);
		assertThat(map(overview, "activeKey")).containsKeys("kid", "alg", "activatedAt", "ageSeconds");
		assertThat(overview.get("nextRotationAt")).isNotNull();
		assertThat(map(overview, "secretsExpiring")).containsKeys("within7", "within30", "within60", "clients");
		assertThat(overview).containsKey("secretsExpired");

		assertThat(usage).containsEntry("clientId", orders.clientId()).containsEntry("days", 30L);
		List<Map<String, Object>> usagePerDay = days(usage.get("tokensPerDay"));
		assertThat(usagePerDay).hasSize(30);
		assertThat(usagePerDay.get(29)).isEqualTo(Map.of("date", today, "tokens", 5L));
		assertThat(usagePerDay.subList(0, 29)).allSatisfy(day -> assertThat(day).containsEntry("tokens", 0L));
		assertThat(usage).containsEntry("scopes",
				List.of(Map.of("scope", this.read, "tokens", 5L, "lastReceived", today),
						Map.of("scope", this.write, "tokens", 2L, "lastReceived", today)));
	}

	@Test
	void theReviewDefaultsToNinetyDaysAndUsageToThirty() {
		assertThat(ok(this.auditor.get("/admin/api/reviews/scopes"))).containsEntry("days", 90L);
		IssuedSecret client = client("defaults", this.read);
		Map<String, Object> usage = ok(this.auditor.get("/admin/api/clients/" + client.clientId() + "/usage"));
		assertThat(usage).containsEntry("days", 30L).containsEntry("scopes", List.of());
		assertThat(days(usage.get("tokensPerDay"))).hasSize(30);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "abc", "401", "-5", "" + Long.MAX_VALUE })
	void daysOutsideOneTo400IsAProblemNamingDays(String days) {
		IssuedSecret client = client("bad-days", this.read);
		for (String path : List.of("/admin/api/reviews/scopes?days=" + days,
				"/admin/api/clients/" + client.clientId() + "/usage?days=" + days)) {
			Http.Response response = this.auditor.get(path);
			assertThat(response.status()).as(path + " " + response).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
				.singleElement()
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("field", "days");
		}
	}

	@Test
	void theUsageOfAnUnknownClientIsNotFound() {
		Http.Response response = this.auditor.get("/admin/api/clients/no-such-client-" + UUID.randomUUID() + "/usage");
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void withoutAdminReadEveryFigureIsRefused() {
		IssuedSecret client = client("refused", this.read);
		for (String path : List.of("/admin/api/reviews/scopes?days=30", "/admin/api/overview",
				"/admin/api/clients/" + client.clientId() + "/usage")) {
			Http.Response forbidden = this.clientsAdmin.get(path);
			assertThat(forbidden.status()).as(path + " " + forbidden).isEqualTo(403);
			assertThat(forbidden.header("WWW-Authenticate")).contains("insufficient_scope");
			Http.Response anonymous = new AdminApi(this.issuer, null).get(path);
			assertThat(anonymous.status()).as(path + " " + anonymous).isEqualTo(401);
			assertThat(this.auditor.get(path).status()).isEqualTo(200);
		}
	}

	LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	String adminToken(String scope) {
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "reviewer", Set.of(scope), Set.of(), Set.of(this.issuer)));
		return token(client, scope);
	}

	IssuedSecret client(String name, String... scopes) {
		return this.registrar
			.register(ClientDraft.clientCredentials(null, name, Set.of(scopes), Set.of(), Set.of(AUDIENCE)));
	}

	String token(IssuedSecret client, String scope) {
		Http.Response response = this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", scope));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	static Map<String, Object> ok(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> line(Map<String, Object> review, String clientId) {
		return ((List<Map<String, Object>>) review.get("clients")).stream()
			.filter(line -> clientId.equals(line.get("clientId")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No review line for " + clientId));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> days(Object tokensPerDay) {
		return (List<Map<String, Object>>) tokensPerDay;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> json, String key) {
		return (Map<String, Object>) json.get(key);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Long> counts(Map<String, Object> json, String key) {
		return (Map<String, Long>) json.get(key);
	}

	static long todaysTokens(Map<String, Object> overview) {
		List<Map<String, Object>> perDay = days(overview.get("tokensPerDay"));
		return (Long) perDay.get(perDay.size() - 1).get("tokens");
	}

}
