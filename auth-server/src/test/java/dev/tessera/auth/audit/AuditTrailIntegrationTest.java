package dev.tessera.auth.audit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each audited operation, driven over HTTP with a known correlation id, leaves exactly
 * one event with every field right, and never a secret or a token.
 */
@TesseraServerTest
class AuditTrailIntegrationTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	AuditCounters counters;

	Http http;

	IssuedSecret client;

	IssuedSecret admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.client = this.registrar.register(ClientDraft.clientCredentials(null, "audited", Set.of("admin:read"),
				Set.of(), Set.of("https://api.example.test")));
		this.admin = this.registrar.register(ClientDraft.clientCredentials(null, "auditor",
				Set.of("admin:clients", "admin:keys", "audit:read"), Set.of(), Set.of(this.issuer)));
	}

	Http.Response post(String path, String correlationId, IssuedSecret caller, Map<String, String> form) {
		StringBuilder body = new StringBuilder();
		form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
			.append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8))
			.append('=')
			.append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Correlation-Id", correlationId)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (caller != null) {
			request.header("Authorization", Http.basic(caller.clientId(), caller.clientSecret()));
		}
		return this.http.send(request);
	}

	Map<String, Object> onlyEvent(String correlationId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event where correlation_id = ?",
				correlationId);
		assertThat(rows).as("events for " + correlationId).hasSize(1);
		Map<String, Object> row = rows.get(0);
		assertThat(row.get("id")).isNotNull();
		assertThat(row.get("occurred_at")).isNotNull();
		assertThat(row.get("source_ip")).isEqualTo("127.0.0.1");
		assertThat((byte[]) row.get("hash")).hasSize(32);
		return row;
	}

	static Map<String, Object> detail(Map<String, Object> row) throws Exception {
		return JSONObjectUtils.parse((String) row.get("detail"));
	}

	@Test
	void tokenIssueIsOneEventWithItsJtiAndKid() throws Exception {
		String correlationId = "corr-" + UUID.randomUUID();
		Http.Response response = post("/oauth2/token", correlationId, this.client,
				form("grant_type", "client_credentials", "scope", "admin:read"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Correlation-Id")).isEqualTo(correlationId);
		String token = (String) response.json().get("access_token");
		SignedJWT jwt = SignedJWT.parse(token);

		Map<String, Object> event = onlyEvent(correlationId);
		assertThat(event).containsEntry("operation", "token.issue")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.client.clientId())
			.containsEntry("principal_type", "client")
			.containsEntry("payload_ref", "jti:" + jwt.getJWTClaimsSet().getJWTID());
		assertThat(detail(event)).containsEntry("grant", "client_credentials")
			.containsEntry("scope", "admin:read")
			.containsEntry("jti", jwt.getJWTClaimsSet().getJWTID())
			.containsEntry("kid", jwt.getHeader().getKeyID());
		assertThat(event.values().toString()).doesNotContain(token).doesNotContain(this.client.clientSecret());
	}

	@Test
	void refusalsAreBusinessErrorsWithTheirErrorCode() throws Exception {
		String badScope = "corr-" + UUID.randomUUID();
		assertThat(post("/oauth2/token", badScope, this.client,
				form("grant_type", "client_credentials", "scope", "admin:clients"))
			.status()).isEqualTo(400);
		Map<String, Object> scopeEvent = onlyEvent(badScope);
		assertThat(scopeEvent).containsEntry("operation", "token.issue")
			.containsEntry("outcome", "business_error")
			.containsEntry("principal", this.client.clientId());
		assertThat(detail(scopeEvent)).containsEntry("error", "invalid_scope");

		String wrongSecret = "corr-" + UUID.randomUUID();
		IssuedSecret impostor = new IssuedSecret(this.client.clientId(), "not-the-secret-" + UUID.randomUUID(), null);
		assertThat(post("/oauth2/token", wrongSecret, impostor, form("grant_type", "client_credentials")).status())
			.isEqualTo(401);
		this.counters.flush().join(); // failed authentications are counter events
		Map<String, Object> authEvent = onlyEvent(wrongSecret);
		assertThat(authEvent).containsEntry("operation", "token.issue")
			.containsEntry("outcome", "business_error")
			.containsEntry("principal", null)
			.containsEntry("principal_type", "anonymous");
		assertThat(detail(authEvent)).containsEntry("error", "invalid_client")
			.containsEntry("stage", "client_authentication")
			.containsEntry("claimedClientId", this.client.clientId())
			.containsEntry(AuditCounters.COUNT, 1L);
		assertThat(authEvent.values().toString()).doesNotContain(impostor.clientSecret());

		String noCredentials = "corr-" + UUID.randomUUID();
		assertThat(post("/oauth2/token", noCredentials, null, form("grant_type", "client_credentials")).status())
			.isEqualTo(401);
		this.counters.flush().join();
		assertThat(onlyEvent(noCredentials)).containsEntry("outcome", "business_error")
			.containsEntry("principal_type", "anonymous");
	}

	/**
	 * Anyone can claim a client id: a failed authentication under a victim's id is the
	 * caller's act, not the victim's. It is counted as anonymous with the claimed id in
	 * the detail (repeated failures folded into one counter event with their count, under
	 * the first one's correlation id), and the victim's own history ({@code ?clientId=})
	 * holds only what the victim did.
	 */
	@Test
	void forgedFailuresStayOutOfTheClaimedClientsHistory() throws Exception {
		String tag = "corr-" + UUID.randomUUID();
		IssuedSecret victim = this.registrar.register(
				ClientDraft.clientCredentials(null, "victim", Set.of(), Set.of(), Set.of("https://api.example.test")));
		assertThat(post("/oauth2/token", tag + "-own", victim, form("grant_type", "client_credentials")).status())
			.isEqualTo(200);
		IssuedSecret forger = new IssuedSecret(victim.clientId(), "guessed-" + UUID.randomUUID(), null);
		for (int i = 0; i < 3; i++) {
			assertThat(post("/oauth2/token", tag + "-forged-" + i, forger, form("grant_type", "client_credentials"))
				.status()).isEqualTo(401);
		}
		this.counters.flush().join();
		Map<String, Object> event = onlyEvent(tag + "-forged-0");
		assertThat(event).containsEntry("principal_type", "anonymous").containsEntry("principal", null);
		assertThat(detail(event)).containsEntry("claimedClientId", victim.clientId())
			.containsEntry(AuditCounters.COUNT, 3L);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where correlation_id like ?",
				Integer.class, tag + "-forged-%"))
			.as("one event for the three attempts")
			.isEqualTo(1);
		// a client_secret_post attempt names the id in the form instead
		assertThat(post("/oauth2/token", tag + "-post", null,
				form("grant_type", "client_credentials", "client_id", victim.clientId(), "client_secret", "guessed"))
			.status()).isEqualTo(401);
		this.counters.flush().join();
		assertThat(detail(onlyEvent(tag + "-post"))).containsEntry("claimedClientId", victim.clientId());
		// a form client_id naming another client than the Basic user is refused before
		// client authentication, and recorded under nobody
		Http.Response mismatch = post("/oauth2/token", tag + "-mismatch", this.client,
				form("grant_type", "client_credentials", "client_id", victim.clientId(), "scope", "not:registered"));
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.json()).containsEntry("error", "invalid_request");
		this.counters.flush().join();
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where correlation_id = ?", Integer.class,
				tag + "-mismatch"))
			.isZero();
		// an authenticated client's refusal stays its own
		assertThat(post("/oauth2/token", tag + "-other", this.client, form("grant_type", "client_credentials",
				"client_id", this.client.clientId(), "scope", "not:registered"))
			.status()).isEqualTo(400);
		assertThat(onlyEvent(tag + "-other")).containsEntry("principal_type", "client")
			.containsEntry("principal", this.client.clientId());

		String auditToken = (String) post("/oauth2/token", "setup-" + UUID.randomUUID(), this.admin,
				form("grant_type", "client_credentials", "scope", "audit:read"))
			.json()
			.get("access_token");
		List<Map<String, Object>> history = AuditTestSupport
			.events(new AdminApi(this.issuer, auditToken).get("/admin/api/audit?clientId=" + victim.clientId()));
		assertThat(history).extracting(e -> e.get("correlationId")).containsExactly(tag + "-own");
	}

	@Test
	void introspectionAndRevocationAreAudited() throws Exception {
		String token = (String) post("/oauth2/token", "setup-" + UUID.randomUUID(), this.client,
				form("grant_type", "client_credentials"))
			.json()
			.get("access_token");
		String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

		String introspection = "corr-" + UUID.randomUUID();
		assertThat(post("/oauth2/introspect", introspection, this.client, form("token", token)).json())
			.containsEntry("active", true);
		Map<String, Object> introspected = onlyEvent(introspection);
		assertThat(introspected).containsEntry("operation", "token.introspect")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.client.clientId())
			.containsEntry("payload_ref", "jti:" + jti);
		assertThat(detail(introspected)).containsEntry("active", true).containsEntry("jti", jti);

		String revocation = "corr-" + UUID.randomUUID();
		assertThat(post("/oauth2/revoke", revocation, this.client, form("token", token)).status()).isEqualTo(200);
		assertThat(onlyEvent(revocation)).containsEntry("operation", "token.revoke")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.client.clientId());
	}

	@Test
	void adminChangesAndRefusalsAreAudited() throws Exception {
		String token = (String) post("/oauth2/token", "setup-" + UUID.randomUUID(), this.admin,
				form("grant_type", "client_credentials", "scope", "admin:clients admin:keys"))
			.json()
			.get("access_token");

		String create = "corr-" + UUID.randomUUID();
		Http.Response created = adminCall("POST", "/admin/api/clients", create, token,
				"{\"name\":\"audited client\",\"clientId\":\"audited-1\",\"grantTypes\":[\"client_credentials\"],"
						+ "\"authMethods\":[\"client_secret_basic\"]}");
		assertThat(created.status()).isEqualTo(201);
		String newSecret = (String) created.json().get("clientSecret");
		Map<String, Object> createEvent = onlyEvent(create);
		assertThat(createEvent).containsEntry("operation", "client.create")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.admin.clientId())
			.containsEntry("principal_type", "client")
			.containsEntry("payload_ref", "client:audited-1");
		assertThat(createEvent.values().toString()).doesNotContain(newSecret);

		String invalid = "corr-" + UUID.randomUUID();
		assertThat(adminCall("POST", "/admin/api/clients", invalid, token, "{\"name\":\"\"}").status()).isEqualTo(400);
		assertThat(onlyEvent(invalid)).containsEntry("operation", "client.create")
			.containsEntry("outcome", "business_error");

		String rotate = "corr-" + UUID.randomUUID();
		assertThat(adminCall("POST", "/admin/api/keys/rotate", rotate, token, null).status()).isEqualTo(200);
		Map<String, Object> keyEvent = onlyEvent(rotate);
		assertThat(keyEvent).containsEntry("operation", "key.rotate").containsEntry("principal", this.admin.clientId());
		assertThat(detail(keyEvent).get("changes").toString()).contains("create ACTIVE").contains("retiring");

		String anonymous = "corr-" + UUID.randomUUID();
		assertThat(adminCall("GET", "/admin/api/clients", anonymous, "not-a-token", null).status()).isEqualTo(401);
		assertThat(onlyEvent(anonymous)).containsEntry("operation", "admin.authenticate")
			.containsEntry("outcome", "business_error");

		// the whole trail holds no secret
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where detail like ? or principal like ?",
				Integer.class, "%" + newSecret + "%", "%" + newSecret + "%"))
			.isZero();
	}

	@Test
	void traceparentBecomesTheCorrelationIdAndGarbageIsReplaced() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		Http.Response traced = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks"))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.GET());
		assertThat(traced.header("X-Correlation-Id")).isEqualTo(traceId);
		Http.Response garbage = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks"))
			.header("X-Correlation-Id", "bad value with spaces <script>")
			.GET());
		assertThat(garbage.header("X-Correlation-Id")).matches("[0-9a-f]{32}");
	}

	@Test
	void hundredsOfConcurrentTokensEachHaveTheirEvent() throws Exception {
		int requests = 300;
		List<Future<String>> jtis = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			for (int i = 0; i < requests; i++) {
				jtis.add(pool.submit(() -> {
					Http.Response response = this.http.postForm("/oauth2/token", this.client.clientId(),
							this.client.clientSecret(), form("grant_type", "client_credentials"));
					assertThat(response.status()).isEqualTo(200);
					String jti = SignedJWT.parse((String) response.json().get("access_token"))
						.getJWTClaimsSet()
						.getJWTID();
					// committed before the token left: visible the moment the caller has
					// it
					assertThat(this.jdbc.queryForObject("select count(*) from audit_event where payload_ref = ?",
							Integer.class, "jti:" + jti))
						.isEqualTo(1);
					return jti;
				}));
			}
			List<String> refs = new ArrayList<>();
			for (Future<String> jti : jtis) {
				refs.add("jti:" + jti.get());
			}
			Integer stored = this.jdbc.queryForObject(
					"select count(*) from audit_event where operation = 'token.issue' and outcome = 'success' "
							+ "and payload_ref = any (?)",
					Integer.class, (Object) refs.toArray(String[]::new));
			assertThat(stored).isEqualTo(requests);
			AuditVerification chains = this.verifier.verify();
			assertThat(chains.valid()).as(chains.toString()).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
	}

	Http.Response adminCall(String method, String path, String correlationId, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("X-Correlation-Id", correlationId)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request);
	}

}
