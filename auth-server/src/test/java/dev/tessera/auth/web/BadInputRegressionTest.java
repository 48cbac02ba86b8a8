package dev.tessera.auth.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Set;

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
 * One assertion per defect {@link BadInputFuzzTest} found, so each stays fixed whatever
 * the fuzz test's seed draws.
 */
@TesseraServerTest
class BadInputRegressionTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		IssuedSecret client = this.registrar.register(ClientDraft.clientCredentials(null, "regressions",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		this.admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
		this.admin.post("/admin/api/clients",
				"{\"clientId\":\"regression-target\",\"name\":\"Target\",\"grantTypes\":[\"client_credentials\"],"
						+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"admin:read\"]}");
	}

	/** Was a 401 problem from the sign-in chain. */
	@Test
	void aMethodAnOAuthEndpointDoesNotAnswerIs405InvalidRequestWithAllow() {
		Map<String, String> cases = Map.of("GET /oauth2/token", "POST", "OPTIONS /oauth2/token", "POST",
				"PUT /oauth2/introspect", "POST", "DELETE /oauth2/revoke", "POST", "POST /oauth2/jwks", "GET, HEAD",
				"PATCH /.well-known/openid-configuration", "GET, HEAD", "DELETE /userinfo", "GET, HEAD, POST",
				"PUT /oauth2/authorize", "GET, HEAD, POST");
		cases.forEach((request, allow) -> {
			String[] parts = request.split(" ");
			Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + parts[1]))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.method(parts[0], HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
			assertThat(response.status()).as(request + " " + response).isEqualTo(405);
			assertThat(response.header("Allow")).as(request).isEqualTo(allow);
			assertThat(response.header("Content-Type")).as(request).startsWith("application/json");
			assertThat(response.json()).as(request).containsEntry("error", "invalid_request");
		});
	}

	/** Was a 406 with an empty body. */
	@Test
	void anAcceptHeaderTheAdminApiCannotSatisfyIsAProblem() {
		for (String accept : new String[] { "?", "text/csv", "image/png" }) {
			Http.Response response = this.http
				.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/clients"))
					.header("Authorization", "Bearer " + this.admin.token())
					.header("Accept", accept)
					.GET());
			assertThat(response.status()).as(accept + " " + response).isEqualTo(406);
			assertThat(response.header("Content-Type")).as(accept).startsWith("application/problem+json");
			assertThat(response.json()).as(accept).containsEntry("status", 406L);
		}
	}

	/** Was a 401 demanding a token. */
	@Test
	void anUnknownWellKnownDocumentIsNotFound() {
		Http.Response response = this.http.get("/.well-known/no-such-document", "Accept", "application/json");
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	/** Were silently converted ("name": 123 became the name "123"). */
	@Test
	void jsonOfTheWrongTypeIsA400ProblemNotConverted() {
		for (String body : new String[] { "{\"name\":123}", "{\"name\":true}", "{\"name\":1.5}",
				"{\"accessTokenTtlSeconds\":\"300\"}", "{\"enabled\":\"true\"}", "{\"accessTokenTtlSeconds\":1.5}" }) {
			Http.Response response = this.admin.patch("/admin/api/clients/regression-target", body);
			assertThat(response.status()).as(body + " " + response).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
		}
		Http.Response rotate = this.admin.post("/admin/api/clients/regression-target/secret",
				"{\"graceSeconds\":\"60\"}");
		assertThat(rotate.status()).as(rotate.toString()).isEqualTo(400);
		assertThat(this.admin.get("/admin/api/clients/regression-target").json()).containsEntry("name", "Target");
	}

}
