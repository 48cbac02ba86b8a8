package dev.tessera.auth.grant.jwtbearer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Poll;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tessera's side of a JWT-bearer test, over HTTP as an operator and a client would use
 * it: trusted issuers and clients registered through the admin API, assertions exchanged
 * at the token endpoint (each request with its own correlation id, so its audit event is
 * found), and the audit trail read back. One per node: {@code baseUrl} is where the node
 * listens, {@code issuer} the issuer identifier it serves (shared by a cluster's nodes).
 */
final class JwtBearerSetup {

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private final String baseUrl;

	private final String issuer;

	private final Http http;

	private final AdminApi admin;

	private final JdbcTemplate jdbc;

	JwtBearerSetup(String baseUrl, String issuer, ClientRegistrar registrar, JdbcTemplate jdbc) {
		this.baseUrl = baseUrl;
		this.issuer = issuer;
		this.http = new Http(baseUrl);
		this.jdbc = jdbc;
		IssuedSecret operator = registrar.register(ClientDraft.clientCredentials(null, "partner onboarding",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", operator.clientId(), operator.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		this.admin = new AdminApi(baseUrl, (String) token.json().get("access_token"));
	}

	/** This server's issuer identifier. */
	String issuer() {
		return this.issuer;
	}

	/** This server's token endpoint URL, as an assertion names it in {@code aud}. */
	String tokenEndpoint() {
		return (this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer)
				+ "/oauth2/token";
	}

	AdminApi admin() {
		return this.admin;
	}

	Http http() {
		return this.http;
	}

	/** Adds these scopes to the catalogue (those already there stay). */
	void scopes(String... names) {
		for (String name : names) {
			Http.Response created = this.admin.post("/admin/api/scopes",
					JSONObjectUtils.toJSONString(Map.of("name", name, "description", "partner test scope")));
			assertThat(created.status()).as(created.toString()).isIn(201, 409);
		}
	}

	// --- trusted issuers

	/**
	 * A registration body for this partner, keys by {@code jwksUri}, with no prefix,
	 * default audiences and lifetime; callers add or replace fields.
	 */
	static Map<String, Object> byJwksUri(PartnerIdentityProvider partner, List<String> allowedClientIds,
			List<String> allowedScopes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", partner.issuer());
		body.put("jwksUri", partner.jwksUri());
		body.put("allowedClientIds", allowedClientIds);
		body.put("allowedScopes", allowedScopes);
		return body;
	}

	/** As {@link #byJwksUri}, with the partner's public keys inline. */
	static Map<String, Object> byInlineJwks(PartnerIdentityProvider partner, List<String> allowedClientIds,
			List<String> allowedScopes) {
		Map<String, Object> body = byJwksUri(partner, allowedClientIds, allowedScopes);
		body.remove("jwksUri");
		body.put("jwks", partner.publicJwks());
		return body;
	}

	Http.Response postTrustedIssuer(Map<String, Object> body) {
		return this.admin.post("/admin/api/trusted-issuers", JSONObjectUtils.toJSONString(body));
	}

	/** Registers a trusted issuer; the resource the admin API answers with. */
	Map<String, Object> trust(Map<String, Object> body) {
		Http.Response created = postTrustedIssuer(body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	// --- clients

	/** A client registered through the admin API, with its secret. */
	record PartnerClient(String clientId, String clientSecret) {
	}

	/**
	 * Registers a client authenticating with {@code client_secret_basic} (and post), for
	 * these grant types, scopes, default scopes and token audiences.
	 */
	PartnerClient client(List<String> grantTypes, List<String> scopes, List<String> defaultScopes,
			List<String> audiences) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "partner gateway");
		body.put("grantTypes", grantTypes);
		body.put("authMethods", List.of("client_secret_basic", "client_secret_post"));
		body.put("scopes", scopes);
		body.put("defaultScopes", defaultScopes);
		body.put("audiences", audiences);
		Http.Response created = this.admin.post("/admin/api/clients", JSONObjectUtils.toJSONString(body));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Map<String, Object> client = created.json();
		return new PartnerClient((String) client.get("clientId"), (String) client.get("clientSecret"));
	}

	// --- the token endpoint

	/**
	 * {@code grant_type=jwt-bearer} with this assertion, the client authenticating with
	 * HTTP Basic; {@code params} are extra form fields (name, value, ...).
	 */
	Http.Response exchange(PartnerClient client, String assertion, String... params) {
		return post(client, assertion, params);
	}

	/** As {@link #exchange}, with no client authentication at all. */
	Http.Response exchangeAnonymously(String assertion, String... params) {
		return post(null, assertion, params);
	}

	private Http.Response post(PartnerClient client, String assertion, String... params) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("grant_type", GRANT_TYPE);
		if (assertion != null) {
			body.put("assertion", assertion);
		}
		body.putAll(form(params));
		String encoded = body.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Correlation-Id", "jwt-bearer-" + UUID.randomUUID())
			.POST(HttpRequest.BodyPublishers.ofString(encoded));
		if (client != null) {
			request.header("Authorization", Http.basic(client.clientId(), client.clientSecret()));
		}
		return this.http.send(request);
	}

	// --- the audit trail

	/**
	 * The audit event of this response's request (found by its correlation id), waiting
	 * briefly for it to be written.
	 */
	Map<String, Object> auditEventOf(Http.Response response) {
		String correlationId = response.header("X-Correlation-Id");
		assertThat(correlationId).as("correlation id of " + response).isNotBlank();
		try {
			return Poll.await(Duration.ofSeconds(5), () -> {
				List<Map<String, Object>> rows = this.jdbc
					.queryForList("select operation, outcome, principal, principal_type, detail from audit_event "
							+ "where correlation_id = ? and operation = 'token.issue'", correlationId);
				return rows.isEmpty() ? null : rows.get(0);
			});
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The detail of an audit event, parsed. */
	static Map<String, Object> detailOf(Map<String, Object> event) {
		try {
			return JSONObjectUtils.parse((String) event.get("detail"));
		}
		catch (ParseException ex) {
			throw new AssertionError("audit detail is not JSON: " + event.get("detail"), ex);
		}
	}

	/** How many audit events anywhere hold this text in their detail. */
	int auditEventsHolding(String text) {
		return this.jdbc.queryForObject("select count(*) from audit_event where strpos(detail, ?) > 0", Integer.class,
				text);
	}

	/**
	 * Asserts a refusal: the status, the OAuth error and an {@code error_description}
	 * naming the check (containing one of {@code keywords}, in any case).
	 */
	static void assertRefused(Http.Response response, int status, String error, String... keywords) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
		Map<String, Object> body = response.json();
		assertThat(body).as(response.toString()).containsEntry("error", error).doesNotContainKey("access_token");
		if (keywords.length > 0) {
			String description = String.valueOf(body.get("error_description")).toLowerCase(Locale.ROOT);
			List<String> lower = new ArrayList<>();
			for (String keyword : keywords) {
				lower.add(keyword.toLowerCase(Locale.ROOT));
			}
			assertThat(lower).as("error_description of " + response + " names the check")
				.anyMatch(description::contains);
		}
	}

	/** A 400 {@code invalid_grant} whose description names the check. */
	static void assertInvalidGrant(Http.Response response, String... keywords) {
		assertRefused(response, 400, "invalid_grant", keywords);
	}

}
