package dev.tessera.auth.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.web.RequestContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.audit.AuditTestSupport.events;
import static dev.tessera.auth.audit.AuditTestSupport.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/api/audit} over a real port: each filter, keyset paging, parameter
 * errors as problem JSON, and the {@code audit:read} scope. Events are recorded through
 * the {@link AuditTrail} bean, each run under its own tag, so the test does not depend on
 * what else the shared database holds.
 */
@TesseraServerTest
class AuditQueryApiTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	AdminApi auditor;

	String tag;

	@BeforeEach
	void setUp() {
		this.auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		this.tag = AuditTestSupport.tag();
	}

	UUID record(String correlation, String operation, AuditOutcome outcome, AuditTrail.Actor actor,
			Map<String, Object> detail) {
		return AuditTestSupport.record(this.trail, this.jdbc, this.tag + "-" + correlation, "203.0.113.7",
				"test." + this.tag + "." + operation, outcome, actor, detail, "client:" + this.tag);
	}

	Http.Response get(String query) {
		return this.auditor.get("/admin/api/audit?" + query);
	}

	static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void eachFilterSelectsItsEvents() {
		String client = this.tag + "-client";
		String user = this.tag + "-user";
		UUID e1 = record("c1", "alpha", AuditOutcome.SUCCESS, AuditTrail.Actor.client(client),
				Map.of("grant", "client_credentials", "scopes", List.of("orders:read")));
		UUID e2 = record("c2", "beta", AuditOutcome.BUSINESS_ERROR, AuditTrail.Actor.user(user),
				Map.of("error", "invalid_scope"));
		UUID e3 = record("c3", "alpha", AuditOutcome.SYSTEM_ERROR, AuditTrail.Actor.client(client), Map.of());
		// a user that happens to share the client's name is not the client
		UUID e4 = record("c4", "beta", AuditOutcome.SUCCESS, AuditTrail.Actor.user(client), Map.of());

		assertThat(ids(get("clientId=" + q(client)))).containsExactly(e1.toString(), e3.toString());
		assertThat(ids(get("principal=" + q(client)))).containsExactly(e1.toString(), e3.toString(), e4.toString());
		assertThat(ids(get("operation=" + q("test." + this.tag + ".alpha")))).containsExactly(e1.toString(),
				e3.toString());
		assertThat(ids(get("principal=" + q(user) + "&outcome=business_error"))).containsExactly(e2.toString());
		assertThat(ids(get("principal=" + q(client) + "&outcome=success"))).containsExactly(e1.toString(),
				e4.toString());
		assertThat(ids(get("correlationId=" + q(this.tag + "-c3")))).containsExactly(e3.toString());
		assertThat(ids(get("clientId=" + q(client) + "&outcome=system_error&operation="
				+ q("test." + this.tag + ".alpha") + "&correlationId=" + q(this.tag + "-c3"))))
			.containsExactly(e3.toString());
		assertThat(ids(get("principal=nobody-" + this.tag))).isEmpty();

		// from is inclusive, to exclusive, at microsecond precision
		Map<String, Object> third = events(get("correlationId=" + q(this.tag + "-c3"))).get(0);
		Map<String, Object> fourth = events(get("correlationId=" + q(this.tag + "-c4"))).get(0);
		String t3 = (String) third.get("timestamp");
		String t4 = (String) fourth.get("timestamp");
		assertThat(ids(get("principal=" + q(client) + "&from=" + q(t3)))).containsExactly(e3.toString(), e4.toString());
		assertThat(ids(get("principal=" + q(client) + "&to=" + q(t4)))).containsExactly(e1.toString(), e3.toString());
		assertThat(ids(get("principal=" + q(client) + "&from=" + q(t3) + "&to=" + q(t4))))
			.containsExactly(e3.toString());
	}

	@Test
	void eventsHaveTheContractShape() {
		UUID id = record("shape", "shape", AuditOutcome.BUSINESS_ERROR, AuditTrail.Actor.client(this.tag + "-c"),
				Map.of("error", "invalid_client", "scopes", List.of("a", "b"), "count", 3));
		Http.Response response = get("correlationId=" + q(this.tag + "-shape"));
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json()).containsKey("nextCursor").containsEntry("nextCursor", null);
		List<Map<String, Object>> events = events(response);
		assertThat(events).hasSize(1);
		Map<String, Object> event = events.get(0);
		assertThat(event).containsEntry("id", id.toString())
			.containsEntry("correlationId", this.tag + "-shape")
			.containsEntry("principal", this.tag + "-c")
			.containsEntry("principalType", "client")
			.containsEntry("operation", "test." + this.tag + ".shape")
			.containsEntry("sourceIp", "203.0.113.7")
			.containsEntry("outcome", "business_error")
			.containsEntry("payloadRef", "client:" + this.tag)
			.containsKeys("chainId", "seq");
		assertThat((String) event.get("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
		assertThat(event.get("detail")).as("detail is an object, not its stored text").isInstanceOf(Map.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> detail = (Map<String, Object>) event.get("detail");
		assertThat(detail).containsEntry("error", "invalid_client")
			.containsEntry("scopes", List.of("a", "b"))
			.containsEntry("count", 3L);
		Map<String, Object> row = this.jdbc.queryForMap("select chain_id, seq from audit_event where id = ?", id);
		assertThat(event.get("chainId")).isEqualTo(row.get("chain_id").toString());
		assertThat(((Number) event.get("seq")).longValue()).isEqualTo(((Number) row.get("seq")).longValue());
	}

	@Test
	void pagesFollowTheCursorWithoutGapsOrRepeats() {
		List<String> recorded = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			recorded.add(record("p" + i, "page", AuditOutcome.SUCCESS, AuditTrail.Actor.system("pager"), Map.of("i", i))
				.toString());
		}
		String filter = "operation=" + q("test." + this.tag + ".page") + "&limit=2";
		List<String> seen = new ArrayList<>();
		List<String> timestamps = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		String cursor = null;
		do {
			Http.Response page = get(filter + ((cursor != null) ? "&cursor=" + q(cursor) : ""));
			List<Map<String, Object>> events = events(page);
			pageSizes.add(events.size());
			events.forEach(event -> {
				seen.add((String) event.get("id"));
				timestamps.add((String) event.get("timestamp"));
			});
			cursor = (String) page.json().get("nextCursor");
			assertThat(pageSizes).as("pages end").hasSizeLessThan(10);
		}
		while (cursor != null);

		assertThat(pageSizes).containsExactly(2, 2, 1);
		assertThat(seen).containsExactlyElementsOf(recorded);
		assertThat(new HashSet<>(seen)).hasSize(seen.size());
		assertThat(timestamps).isSorted();

		// exactly a page's worth: no empty extra page
		Http.Response exact = get("operation=" + q("test." + this.tag + ".page") + "&limit=5");
		assertThat(ids(exact)).hasSize(5);
		assertThat(exact.json().get("nextCursor")).isNull();
	}

	@Test
	void theDefaultLimitIsAHundred() {
		List<CompletableFuture<Void>> pending = new ArrayList<>();
		RequestContext.set(new RequestContext(this.tag + "-bulk", null));
		try {
			for (int i = 0; i < 101; i++) {
				pending.add(this.trail.record("test." + this.tag + ".bulk", AuditOutcome.SUCCESS,
						AuditTrail.Actor.system("bulk"), Map.of("i", i), null));
			}
		}
		finally {
			RequestContext.clear();
		}
		pending.forEach(this.trail::await);
		Http.Response first = get("operation=" + q("test." + this.tag + ".bulk"));
		assertThat(ids(first)).hasSize(100);
		String cursor = (String) first.json().get("nextCursor");
		assertThat(cursor).isNotNull();
		Http.Response rest = get("operation=" + q("test." + this.tag + ".bulk") + "&cursor=" + q(cursor));
		assertThat(ids(rest)).hasSize(1).doesNotContainAnyElementsOf(ids(first));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "limit=0|limit", "limit=5000|limit", "limit=ten|limit", "from=not-a-date|from",
					"to=2025-13-01T00:00:00Z|to", "outcome=maybe|outcome", "cursor=garbage|cursor",
					"cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|cursor",
					"from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z|to" })
	void badParametersAreProblemsNamingTheParameter(String query, String parameter) {
		Http.Response response = get(query);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 400L);
		assertThat(response.body()).contains("\"field\":\"" + parameter + "\"");
	}

	@Test
	void everyBadParameterIsReportedAtOnce() {
		Http.Response response = get("limit=0&outcome=maybe&from=yesterday");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"limit\"")
			.contains("\"field\":\"outcome\"")
			.contains("\"field\":\"from\"");
	}

	@ParameterizedTest
	@CsvSource({ "/admin/api/audit", "/admin/api/audit/verify", "/admin/api/audit/export?format=csv" })
	void theTrailNeedsATokenWithAuditRead(String path) {
		Http.Response anonymous = new AdminApi(this.issuer, null).get(path);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");

		AdminApi reader = AuditTestSupport.caller(this.issuer, this.registrar, "admin:read");
		Http.Response forbidden = reader.get(path);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");

		assertThat(this.auditor.get(path).status()).isEqualTo(200);
	}

	@Test
	void anUntouchedTrailVerifies() {
		record("v", "verify", AuditOutcome.SUCCESS, AuditTrail.Actor.system("verify"), Map.of());
		Http.Response response = this.auditor.get("/admin/api/audit/verify");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsEntry("valid", true).containsEntry("firstBrokenId", null);
		long rows = this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
		assertThat(((Number) response.json().get("checked")).longValue()).isPositive().isLessThanOrEqualTo(rows);
	}

}
