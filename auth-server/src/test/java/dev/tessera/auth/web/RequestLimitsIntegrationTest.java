package dev.tessera.auth.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size limits of {@code tessera.limits} (defaults: 1 MiB bodies, 8 KiB of headers, 16
 * KiB assertions, 50 scopes), each answered with the standard error: RFC 6749 JSON on the
 * OAuth endpoints, a problem on the admin API; never a token, never a 5xx.
 */
@TesseraServerTest
class RequestLimitsIntegrationTest {

	static final int MAX_BODY = 1024 * 1024;

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	IssuedSecret client;

	AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.client = this.registrar.register(ClientDraft.clientCredentials(null, "limits",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		this.admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
	}

	@Test
	void aFormBodyAboveTheLimitIs413InvalidRequest() {
		String padding = "x".repeat(MAX_BODY);
		Http.Response response = this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(),
				form("grant_type", "client_credentials", "padding", padding));
		assertOAuthError(response, 413, "invalid_request");
		assertThat((String) response.json().get("error_description")).contains("larger than 1048576 bytes");

		Http.Response chunked = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofInputStream(
					() -> new ByteArrayInputStream(("grant_type=client_credentials&padding=" + padding).getBytes()))));
		assertOAuthError(chunked, 413, "invalid_request");
	}

	@Test
	void aJsonBodyAboveTheLimitIs413Problem() {
		String big = "{\"name\":\"" + "x".repeat(MAX_BODY) + "\"}";
		Http.Response response = this.admin.post("/admin/api/clients", big);
		assertProblem(response, 413);

		Http.Response chunked = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/clients"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.admin.token())
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
		assertProblem(chunked, 413);

		Http.Response small = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/clients"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.admin.token())
			.POST(HttpRequest.BodyPublishers.ofInputStream(
					() -> new ByteArrayInputStream(("{\"name\":\"chunked\",\"grantTypes\":[\"client_credentials\"],"
							+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"admin:read\"]}")
						.getBytes()))));
		assertThat(small.status()).as("a chunked body within the limit is read: " + small).isEqualTo(201);
	}

	@Test
	void headersAboveTheLimitAre400Problem() {
		Http.Response response = this.http.get("/.well-known/oauth-authorization-server", "X-Padding",
				"x".repeat(9 * 1024));
		assertProblem(response, 400);
		Http.Response within = this.http.get("/.well-known/oauth-authorization-server", "X-Padding",
				"x".repeat(6 * 1024));
		assertThat(within.status()).isEqualTo(200);
	}

	@Test
	void anAssertionAboveTheLimitIsInvalidRequestWhateverItCarries() {
		String assertion = "eyJhbGciOiJSUzI1NiJ9." + "a".repeat(16 * 1024) + ".c2ln";
		Http.Response clientAssertion = this.http.postForm("/oauth2/token", null, null,
				form("grant_type", "client_credentials", "client_id", this.client.clientId(), "client_assertion_type",
						"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion));
		assertOAuthError(clientAssertion, 400, "invalid_request");
		assertThat((String) clientAssertion.json().get("error_description"))
			.isEqualTo("The client_assertion is larger than 16384 bytes");

		Http.Response jwtBearer = this.http.postForm("/oauth2/token", this.client.clientId(),
				this.client.clientSecret(),
				form("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", assertion));
		assertOAuthError(jwtBearer, 400, "invalid_request");
		assertThat((String) jwtBearer.json().get("error_description"))
			.isEqualTo("The assertion is larger than 16384 bytes");
	}

	@Test
	void moreThanFiftyScopesIsInvalidScope() {
		String scopes = IntStream.rangeClosed(1, 51).mapToObj(i -> "s" + i).collect(Collectors.joining(" "));
		Http.Response response = this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(),
				form("grant_type", "client_credentials", "scope", scopes));
		assertOAuthError(response, 400, "invalid_scope");
		assertThat((String) response.json().get("error_description")).contains("more than 50 scopes");

		Http.Response authorize = this.http.get(
				"/oauth2/authorize?response_type=code&client_id=x&scope=" + scopes.replace(' ', '+'), "Accept",
				"application/json");
		assertOAuthError(authorize, 400, "invalid_scope");

		Http.Response fifty = this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(),
				form("grant_type", "client_credentials", "scope", scopes.substring(0, scopes.lastIndexOf(' '))));
		assertOAuthError(fifty, 400, "invalid_scope");
		assertThat(fifty.body()).as("50 is within the limit: the usual refusal").doesNotContain("more than 50");
	}

	static void assertOAuthError(Http.Response response, int status, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
		assertThat(response.json()).as(response.toString()).containsEntry("error", error);
		assertThat(response.body()).doesNotContain("access_token");
		assertThat(response.header("Cache-Control")).contains("no-store");
	}

	static void assertProblem(Http.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
		assertThat(response.json()).as(response.toString()).containsEntry("status", (long) status);
	}

}
