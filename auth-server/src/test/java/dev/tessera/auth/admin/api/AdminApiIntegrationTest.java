package dev.tessera.auth.admin.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.client.TokensNotBefore;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin REST API over a real port, with tokens from the server itself, and each
 * change then exercised through the token endpoint.
 */
@TesseraServerTest
class AdminApiIntegrationTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	org.springframework.security.oauth2.jwt.JwtEncoder encoder;

	Http http;

	AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.admin = new AdminApi(this.issuer,
				adminToken(Set.of("admin:clients", "admin:read"), "admin:clients admin:read"));
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:read\",\"description\":\"Read orders\"}");
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:write\"}");
	}

	String adminToken(Set<String> scopes, String requested) {
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "operator", scopes, Set.of(), Set.of(this.issuer)));
		return token(client.clientId(), client.clientSecret(), requested);
	}

	String token(String clientId, String secret, String scope) {
		Http.Response response = this.http.postForm("/oauth2/token", clientId, secret, (scope != null)
				? form("grant_type", "client_credentials", "scope", scope) : form("grant_type", "client_credentials"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	Http.Response tokenResponse(String clientId, String secret) {
		return this.http.postForm("/oauth2/token", clientId, secret, form("grant_type", "client_credentials"));
	}

	Map<String, Object> createClient(String extraJson) {
		Http.Response created = this.admin.post("/admin/api/clients",
				"{\"name\":\"Orders integration\",\"grantTypes\":[\"client_credentials\"],"
						+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"orders:read\",\"orders:write\"],"
						+ "\"defaultScopes\":[\"orders:read\"],\"audiences\":[\"https://orders.example.test\"]"
						+ extraJson + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	@Test
	void noTokenIs401AndATokenWithoutTheScopeIs403() {
		Http.Response anonymous = new AdminApi(this.issuer, null).get("/admin/api/clients");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
		assertThat(anonymous.json()).containsEntry("status", 401L);

		Http.Response garbage = new AdminApi(this.issuer, "not-a-jwt").get("/admin/api/clients");
		assertThat(garbage.status()).isEqualTo(401);

		AdminApi reader = new AdminApi(this.issuer, adminToken(Set.of("admin:read"), "admin:read"));
		assertThat(reader.get("/admin/api/clients").status()).isEqualTo(200);
		Http.Response write = reader.post("/admin/api/scopes", "{\"name\":\"x:y\"}");
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.header("Content-Type")).startsWith("application/problem+json");

		Map<String, Object> plain = createClient("");
		AdminApi nobody = new AdminApi(this.issuer,
				token((String) plain.get("clientId"), (String) plain.get("clientSecret"), "orders:read"));
		assertThat(nobody.get("/admin/api/clients").status()).as("a token for another audience").isEqualTo(401);
	}

	@Test
	void aClientCannotObtainAdminScopesItWasNotGiven() {
		Map<String, Object> plain = createClient("");
		Http.Response escalation = this.http.postForm("/oauth2/token", (String) plain.get("clientId"),
				(String) plain.get("clientSecret"), form("grant_type", "client_credentials", "scope", "admin:clients"));
		assertThat(escalation.status()).isEqualTo(400);
		assertThat(escalation.json()).containsEntry("error", "invalid_scope");

		// a caller holding admin:clients but not admin:keys cannot hand out admin:keys
		AdminApi limited = new AdminApi(this.issuer, adminToken(Set.of("admin:clients"), "admin:clients"));
		Http.Response grant = limited.post("/admin/api/clients",
				"{\"name\":\"sneaky\",\"grantTypes\":[\"client_credentials\"],"
						+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"admin:keys\"]}");
		assertThat(grant.status()).isEqualTo(400);
		assertThat(grant.body()).contains("\"field\":\"scopes\"").contains("admin:keys");
	}

	@Test
	void scopeCatalogue() {
		Http.Response list = this.admin.get("/admin/api/scopes");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("\"name\":\"orders:read\"")
			.contains("\"description\":\"Read orders\"")
			.contains("admin:clients");

		assertThat(this.admin.post("/admin/api/scopes", "{\"name\":\"orders:read\"}").status()).isEqualTo(409);
		Http.Response bad = this.admin.post("/admin/api/scopes", "{\"name\":\"has space\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("\"field\":\"name\"");

		assertThat(this.admin.post("/admin/api/scopes", "{\"name\":\"temp:scope\"}").status()).isEqualTo(201);
		assertThat(this.admin.delete("/admin/api/scopes/temp:scope").status()).isEqualTo(204);
		assertThat(this.admin.delete("/admin/api/scopes/temp:scope").status()).isEqualTo(404);

		createClient("");
		Http.Response inUse = this.admin.delete("/admin/api/scopes/orders:write");
		assertThat(inUse.status()).isEqualTo(409);
		assertThat(inUse.json().get("detail").toString()).contains("held by");
		assertThat(this.admin.delete("/admin/api/scopes/admin:read").status()).isEqualTo(409);
	}

	@Test
	void aScopesDescriptionChangesAndItsNameStays() {
		Http.Response changed = this.admin.patch("/admin/api/scopes/orders:read",
				"{\"description\":\"Read every order\"}");
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json()).containsEntry("name", "orders:read")
			.containsEntry("description", "Read every order");
		assertThat(this.admin.get("/admin/api/scopes").body()).contains("\"description\":\"Read every order\"");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'scope.update' and outcome = 'success'",
				Long.class))
			.isPositive();

		Http.Response bad = this.admin.patch("/admin/api/scopes/orders:read", "{\"description\":\"bell\\u0007\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
		assertThat(bad.body()).contains("\"field\":\"description\"");
		assertThat(this.admin.patch("/admin/api/scopes/no:such", "{\"description\":\"x\"}").status()).isEqualTo(404);
		assertThat(this.admin.patch("/admin/api/scopes/admin:read", "{\"description\":\"x\"}").status()).isEqualTo(409);

		AdminApi reader = new AdminApi(this.issuer, adminToken(Set.of("admin:read"), "admin:read"));
		assertThat(reader.patch("/admin/api/scopes/orders:read", "{\"description\":\"mine\"}").status()).isEqualTo(403);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'scope.update' and outcome = 'business_error'",
				Long.class))
			.isPositive();
		assertThat(this.admin.get("/admin/api/scopes").body()).contains("Read every order").doesNotContain("mine");
	}

	@Test
	void clientLifecycleThroughTheApiAndTheTokenEndpoint() throws Exception {
		Map<String, Object> created = createClient(",\"clientId\":\"orders-batch\",\"accessTokenTtlSeconds\":120");
		String clientId = (String) created.get("clientId");
		String secret = (String) created.get("clientSecret");
		assertThat(clientId).isEqualTo("orders-batch");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		Instant expires = Instant.parse((String) created.get("clientSecretExpiresAt"));
		assertThat(expires).isAfter(Instant.now().plusSeconds(89L * 24 * 3600));

		Http.Response read = this.admin.get("/admin/api/clients/orders-batch");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).doesNotContain(secret).doesNotContain("clientSecret\"");
		assertThat(read.json()).containsEntry("accessTokenTtlSeconds", 120L);
		assertThat(this.admin.get("/admin/api/clients").body()).contains("orders-batch").doesNotContain(secret);

		// the token carries the default scope and the registered audience
		String accessToken = token(clientId, secret, null);
		var jwt = com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet();
		assertThat(jwt.getStringClaim("scope")).isEqualTo("orders:read");
		assertThat(jwt.getAudience()).containsExactly("https://orders.example.test");

		// change scopes: orders:write goes away at once
		Http.Response patched = this.admin.patch("/admin/api/clients/orders-batch",
				"{\"scopes\":[\"orders:read\"],\"name\":\"Orders (read only)\"}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json()).containsEntry("name", "Orders (read only)");
		Http.Response write = this.http.postForm("/oauth2/token", clientId, secret,
				form("grant_type", "client_credentials", "scope", "orders:write"));
		assertThat(write.json()).containsEntry("error", "invalid_scope");

		// disable: no new tokens, and the outstanding one introspects inactive
		assertThat(this.admin.patch("/admin/api/clients/orders-batch", "{\"enabled\":false}").status()).isEqualTo(200);
		assertThat(tokenResponse(clientId, secret).json()).containsEntry("error", "invalid_client");
		assertThat(introspectAsAdmin(accessToken)).containsEntry("active", false);
		assertThat(this.admin.patch("/admin/api/clients/orders-batch", "{\"enabled\":true}").status()).isEqualTo(200);
		assertThat(tokenResponse(clientId, secret).status()).isEqualTo(200);

		// delete
		assertThat(this.admin.delete("/admin/api/clients/orders-batch").status()).isEqualTo(204);
		assertThat(tokenResponse(clientId, secret).status()).isEqualTo(401);
		assertThat(introspectAsAdmin(accessToken)).containsEntry("active", false);
		assertThat(this.admin.get("/admin/api/clients/orders-batch").status()).isEqualTo(404);
		assertThat(this.admin.delete("/admin/api/clients/orders-batch").status()).isEqualTo(404);
	}

	@Test
	void secretRotationWithAShortGracePeriod() throws Exception {
		Map<String, Object> created = createClient("");
		String clientId = (String) created.get("clientId");
		String oldSecret = (String) created.get("clientSecret");

		Http.Response rotated = this.admin.post("/admin/api/clients/" + clientId + "/secret", "{\"graceSeconds\":3}");
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		assertThat(rotated.header("Cache-Control")).contains("no-store");
		String newSecret = (String) rotated.json().get("clientSecret");
		assertThat(newSecret).isNotEqualTo(oldSecret);
		assertThat(rotated.json()).containsKey("clientSecretExpiresAt");

		assertThat(tokenResponse(clientId, oldSecret).status()).as("old secret within grace").isEqualTo(200);
		assertThat(tokenResponse(clientId, newSecret).status()).isEqualTo(200);
		assertThat((List<?>) this.admin.get("/admin/api/clients/" + clientId).json().get("secrets")).hasSize(2);

		// the grace period runs out on the server's clock: moved on instead of waited for
		this.clock.advance(Duration.ofMillis(3500));
		assertThat(tokenResponse(clientId, oldSecret).status()).as("old secret after grace").isEqualTo(401);
		assertThat(tokenResponse(clientId, newSecret).status()).isEqualTo(200);

		// no grace: the previous secret stops at once
		Http.Response immediate = this.admin.post("/admin/api/clients/" + clientId + "/secret", null);
		assertThat(immediate.status()).isEqualTo(200);
		assertThat(tokenResponse(clientId, newSecret).status()).isEqualTo(401);
		assertThat(tokenResponse(clientId, (String) immediate.json().get("clientSecret")).status()).isEqualTo(200);

		assertThat(this.admin.post("/admin/api/clients/" + clientId + "/secret", "{\"graceSeconds\":-1}").status())
			.isEqualTo(400);
		assertThat(this.admin.post("/admin/api/clients/nobody/secret", "{}").status()).isEqualTo(404);
	}

	@Test
	void anExpiredSecretIsRefused() {
		Map<String, Object> created = createClient(",\"secretTtlSeconds\":60");
		String clientId = (String) created.get("clientId");
		String secret = (String) created.get("clientSecret");
		assertThat(tokenResponse(clientId, secret).status()).isEqualTo(200);
		// let the clock run out (the rows are moved into the past instead of waiting a
		// minute)
		this.jdbc.update("update client_secret set expires_at = now() - interval '1 second' "
				+ "where client_pk = (select id from client where client_id = ?)", clientId);
		this.admin.patch("/admin/api/clients/" + clientId, "{}"); // evicts the cached
																	// client
		Http.Response refused = tokenResponse(clientId, secret);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void aRevokedAdminTokenIsRefusedAtOnce() {
		IssuedSecret operator = this.registrar.register(
				ClientDraft.clientCredentials(null, "operator", Set.of("admin:read"), Set.of(), Set.of(this.issuer)));
		String accessToken = token(operator.clientId(), operator.clientSecret(), "admin:read");
		AdminApi api = new AdminApi(this.issuer, accessToken);
		assertThat(api.get("/admin/api/scopes").status()).isEqualTo(200);
		this.http.postForm("/oauth2/revoke", operator.clientId(), operator.clientSecret(), form("token", accessToken));
		assertThat(api.get("/admin/api/scopes").status()).isEqualTo(401);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					missing name                  | {"grantTypes":["client_credentials"],"authMethods":["client_secret_basic"]}                                              | name
					no grant type                 | {"name":"x","authMethods":["client_secret_basic"]}                                                                         | grantTypes
					unknown grant type            | {"name":"x","grantTypes":["magic"],"authMethods":["client_secret_basic"]}                                                   | grantTypes
					code without redirect URI     | {"name":"x","grantTypes":["authorization_code"],"authMethods":["client_secret_basic"]}                                      | redirectUris
					refresh without code          | {"name":"x","grantTypes":["client_credentials","refresh_token"],"authMethods":["client_secret_basic"]}                      | grantTypes
					no auth method                | {"name":"x","grantTypes":["client_credentials"]}                                                                           | authMethods
					unknown auth method           | {"name":"x","grantTypes":["client_credentials"],"authMethods":["carrier_pigeon"]}                                           | authMethods
					none with client credentials  | {"name":"x","grantTypes":["client_credentials"],"authMethods":["none"]}                                                     | authMethods
					unknown scope                 | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"scopes":["no:such"]}                | scopes
					default outside scopes        | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"scopes":["orders:read"],"defaultScopes":["orders:write"]} | defaultScopes
					ttl above the cap             | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"accessTokenTtlSeconds":3601}        | accessTokenTtlSeconds
					ttl zero                      | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"accessTokenTtlSeconds":0}           | accessTokenTtlSeconds
					secret ttl too short          | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"secretTtlSeconds":5}                | secretTtlSeconds
					private_key_jwt without keys  | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"]}                                          | jwks
					jwks without private_key_jwt  | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}]}} | jwks
					private key in jwks           | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"}]}} | jwks
					not a jwks                    | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwks":{"nope":1}}                        | jwks
					both jwks and jwksUri         | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwksUri":"https://keys.example/jwks","jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}]}} | jwksUri
					jwksUri over plain http       | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwksUri":"http://keys.example/jwks"} | jwksUri
					jwksUri to link-local address | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwksUri":"https://169.254.169.254/jwks"} | jwksUri
					redirect without auth code    | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"redirectUris":["https://app.example/cb"]} | redirectUris
					relative audience             | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"audiences":["orders"]}              | audiences
					bad client id                 | {"clientId":"bad id!","name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"]}               | clientId
					null inside a list            | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"scopes":[null]} | scopes
					control character in name     | {"name":"a\\u0000b","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"]} | name
					an RSA key that is not one    | {"name":"x","grantTypes":["client_credentials"],"authMethods":["private_key_jwt"],"jwks":{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}} | jwks
					admin mixed into defaults     | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"scopes":["orders:read","admin:read"],"defaultScopes":["orders:read","admin:read"]} | defaultScopes
					dn without tls_client_auth    | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"tlsSubjectDn":"CN=x"}               | tlsSubjectDn
					tls_client_auth without id    | {"name":"x","grantTypes":["client_credentials"],"authMethods":["tls_client_auth"]}                                          | tlsSubjectDn
					tls_client_auth with two ids  | {"name":"x","grantTypes":["client_credentials"],"authMethods":["tls_client_auth"],"tlsSubjectDn":"CN=x","tlsSanDns":"x.example"} | tlsSanDns
					not a distinguished name      | {"name":"x","grantTypes":["client_credentials"],"authMethods":["tls_client_auth"],"tlsSubjectDn":"no equals sign"}          | tlsSubjectDn
					san ip that is a name         | {"name":"x","grantTypes":["client_credentials"],"authMethods":["tls_client_auth"],"tlsSanIp":"localhost"}                   | tlsSanIp
					bound tokens without a cert   | {"name":"x","grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"certificateBoundTokens":true}       | certificateBoundTokens
					self-signed without keys      | {"name":"x","grantTypes":["client_credentials"],"authMethods":["self_signed_tls_client_auth"]}                              | jwks
					self-signed key without x5c   | {"name":"x","grantTypes":["client_credentials"],"authMethods":["self_signed_tls_client_auth"],"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}]}} | jwks
					""")
	void invalidRegistrationsNameTheField(String caseName, String body, String field) {
		Http.Response response = this.admin.post("/admin/api/clients", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 400L).containsKey("detail");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		assertThat(this.admin.get("/admin/api/clients").body()).as("nothing was stored")
			.doesNotContain("\"name\":\"x\"");
	}

	@Test
	void malformedRequestsAreProblems() {
		Http.Response json = this.admin.post("/admin/api/clients", "{not json");
		assertThat(json.status()).isEqualTo(400);
		assertThat(json.header("Content-Type")).startsWith("application/problem+json");

		Http.Response wrongType = this.admin.send("POST", "/admin/api/scopes", null);
		assertThat(wrongType.status()).isBetween(400, 415);
		assertThat(wrongType.header("Content-Type")).startsWith("application/problem+json");

		Http.Response duplicate = this.admin.post("/admin/api/clients",
				"{\"clientId\":\"dup\",\"name\":\"dup\",\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"client_secret_basic\"]}");
		assertThat(duplicate.status()).isEqualTo(201);
		Http.Response again = this.admin.post("/admin/api/clients",
				"{\"clientId\":\"dup\",\"name\":\"dup\",\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"client_secret_basic\"]}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.header("Content-Type")).startsWith("application/problem+json");

		Http.Response unknownPath = this.admin.get("/admin/api/nothing-here");
		assertThat(unknownPath.status()).as("not listed, so denied").isEqualTo(403);
		assertThat(unknownPath.header("Content-Type")).startsWith("application/problem+json");

		Http.Response badPatch = this.admin.patch("/admin/api/clients/dup", "{\"accessTokenTtlSeconds\":99999}");
		assertThat(badPatch.status()).isEqualTo(400);
		assertThat(badPatch.body()).contains("accessTokenTtlSeconds");
	}

	@Test
	void aPrivateKeyJwtClientRegisteredThroughTheApiGetsTokens() throws Exception {
		com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
		String jwks = new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString();
		Http.Response created = this.admin.post("/admin/api/clients",
				"{\"name\":\"partner\",\"clientId\":\"partner-1\","
						+ "\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"private_key_jwt\"],"
						+ "\"scopes\":[\"orders:read\"],\"jwks\":" + jwks + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json()).doesNotContainKey("clientSecret");
		assertThat(created.body()).doesNotContain("\"d\"");

		com.nimbusds.jwt.SignedJWT assertion = new com.nimbusds.jwt.SignedJWT(
				new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("k1").build(),
				new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("partner-1")
					.subject("partner-1")
					.audience(this.issuer)
					.jwtID(java.util.UUID.randomUUID().toString())
					.expirationTime(java.util.Date.from(Instant.now().plusSeconds(60)))
					.build());
		assertion.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
		Http.Response token = this.http.postForm("/oauth2/token", null, null,
				form("grant_type", "client_credentials", "client_id", "partner-1", "client_assertion_type",
						"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion",
						assertion.serialize(), "scope", "orders:read"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		assertThat(this.admin.post("/admin/api/clients/partner-1/secret", "{}").status())
			.as("a key-based client has no secret to rotate")
			.isEqualTo(409);
	}

	/**
	 * RFC 7396 style: an explicit null clears an optional setting, an absent field keeps
	 * it.
	 */
	@Test
	void aPatchClearsOptionalSettingsWithAnExplicitNull() throws Exception {
		String jwks = new com.nimbusds.jose.jwk.JWKSet(
				new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("e1")
					.generate()
					.toPublicJWK())
			.toString();
		assertThat(this.admin
			.post("/admin/api/clients",
					"{\"name\":\"mover\",\"clientId\":\"mover-1\","
							+ "\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"private_key_jwt\"],"
							+ "\"scopes\":[\"orders:read\"],\"accessTokenTtlSeconds\":120,\"jwks\":" + jwks + "}")
			.status()).isEqualTo(201);

		Http.Response both = this.admin.patch("/admin/api/clients/mover-1",
				"{\"jwksUri\":\"https://keys.example.test/jwks.json\"}");
		assertThat(both.status()).as("an absent jwks stays, so both would be set").isEqualTo(400);

		Http.Response moved = this.admin.patch("/admin/api/clients/mover-1",
				"{\"jwks\":null,\"jwksUri\":\"https://keys.example.test/jwks.json\"}");
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json()).containsEntry("jwksUri", "https://keys.example.test/jwks.json")
			.containsEntry("accessTokenTtlSeconds", 120L);
		assertThat(moved.json().get("jwks")).isNull();

		Http.Response cleared = this.admin.patch("/admin/api/clients/mover-1", "{\"accessTokenTtlSeconds\":null}");
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().get("accessTokenTtlSeconds")).isNull();
		assertThat(cleared.json()).containsEntry("jwksUri", "https://keys.example.test/jwks.json");
	}

	@Test
	void aCallerCannotTakeOverAClientHoldingAdminScopesItLacks() {
		IssuedSecret keyAdmin = this.registrar.register(ClientDraft.clientCredentials("key-admin", "key admin",
				Set.of("admin:keys"), Set.of(), Set.of(this.issuer)));
		AdminApi limited = new AdminApi(this.issuer, adminToken(Set.of("admin:clients"), "admin:clients"));
		Http.Response rotate = limited.post("/admin/api/clients/key-admin/secret", "{}");
		assertThat(rotate.status()).as(rotate.toString()).isEqualTo(403);
		assertThat(rotate.header("Content-Type")).startsWith("application/problem+json");
		assertThat(rotate.body()).doesNotContain("clientSecret");
		assertThat(limited.patch("/admin/api/clients/key-admin", "{\"name\":\"mine now\"}").status()).isEqualTo(403);
		assertThat(limited.delete("/admin/api/clients/key-admin").status()).isEqualTo(403);
		assertThat(tokenResponse(keyAdmin.clientId(), keyAdmin.clientSecret()).status())
			.as("the original secret still works")
			.isEqualTo(200);

		AdminApi both = new AdminApi(this.issuer,
				adminToken(Set.of("admin:clients", "admin:keys"), "admin:clients admin:keys"));
		assertThat(both.post("/admin/api/clients/key-admin/secret", "{}").status()).isEqualTo(200);
	}

	/**
	 * Within the second of the old token's {@code iat}, and after it: the old token names
	 * the deleted client's snapshot, which is older than the new client's.
	 */
	@Test
	void aRecreatedClientDoesNotReviveTheOldClientsTokens() throws Exception {
		Map<String, Object> first = createClient(",\"clientId\":\"phoenix\"");
		String oldToken = token("phoenix", (String) first.get("clientSecret"), null);
		assertThat(introspectAsAdmin(oldToken)).containsEntry("active", true);
		assertThat(this.admin.delete("/admin/api/clients/phoenix").status()).isEqualTo(204);
		createClient(",\"clientId\":\"phoenix\"");
		assertThat(introspectAsAdmin(oldToken)).containsEntry("active", false);
		Instant recreated = tokensNotBefore("phoenix");
		String oldSnapshotLateIat = sign("phoenix", List.of("https://orders.example.test"), "orders:read",
				tnb(oldToken), recreated.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
		assertThat(introspectAsAdmin(oldSnapshotLateIat)).containsEntry("active", false);
	}

	@Test
	void auditDatesPostgresCannotHoldAreA400() {
		AdminApi auditor = new AdminApi(this.issuer, adminToken(Set.of("audit:read"), "audit:read"));
		Http.Response response = auditor.get("/admin/api/audit?from=-999999999-01-01T00:00:00Z");
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"from\"");
	}

	@Test
	void openApiDescribesTheAdminApi() {
		Http.Response docs = this.http.get("/v3/api-docs");
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		assertThat(docs.body()).contains("/admin/api/clients")
			.contains("/admin/api/scopes")
			.contains("/admin/api/clients/{clientId}/secret");
	}

	/** A caller holding every admin scope, so it may change any client. */
	AdminApi superuser() {
		return new AdminApi(this.issuer, adminToken(AdminScopes.ALL, String.join(" ", AdminScopes.ALL)));
	}

	static SignedJWT parse(String token) throws Exception {
		return SignedJWT.parse(token);
	}

	@Test
	void aNewUsersAuditClientGetsATokenTheAdminApiTakes() {
		AdminApi operator = superuser();
		Http.Response created = operator.post("/admin/api/clients",
				"{\"name\":\"auditor\","
						+ "\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"client_secret_basic\"],"
						+ "\"scopes\":[\"audit:read\"]}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String token = token((String) created.json().get("clientId"), (String) created.json().get("clientSecret"),
				"audit:read");
		Http.Response audit = new AdminApi(this.issuer, token).get("/admin/api/audit?limit=1");
		assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
	}

	@Test
	void aRefusedTokenIsToldWhyInTheHeaderAndTheProblem() {
		Http.Response anonymous = new AdminApi(this.issuer, null).get("/admin/api/clients");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(anonymous.json().get("detail").toString()).contains("Authorization: Bearer");

		Map<String, Object> plain = createClient("");
		String partnerToken = token((String) plain.get("clientId"), (String) plain.get("clientSecret"), "orders:read");
		Http.Response partner = new AdminApi(this.issuer, partnerToken).get("/admin/api/clients");
		assertThat(partner.status()).isEqualTo(401);
		assertThat(partner.header("Content-Type")).startsWith("application/problem+json");
		String challenge = partner.header("WWW-Authenticate");
		assertThat(challenge).startsWith("Bearer error=\"invalid_token\"")
			.contains("error_description=\"The token's aud [https://orders.example.test] is not the issuer "
					+ this.issuer)
			.contains("admin scopes alone");
		assertThat(partner.json().get("detail").toString()).startsWith("The token's aud [https://orders.example.test]")
			.contains("admin scopes alone");
		assertThat(challenge + partner.body()).doesNotContain(partnerToken)
			.doesNotContain(partnerToken.substring(partnerToken.lastIndexOf('.') + 1));

		Http.Response garbage = new AdminApi(this.issuer, "not-a-jwt").get("/admin/api/clients");
		assertThat(garbage.status()).isEqualTo(401);
		assertThat(garbage.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains("not a signed JWT");
		assertThat(garbage.json().get("detail").toString()).contains("not a signed JWT");
	}

	@Test
	void aRevokedOrDisabledClientsTokenIsToldWhy() {
		AdminApi operator = superuser();
		IssuedSecret reader = this.registrar
			.register(ClientDraft.clientCredentials(null, "reader", Set.of("admin:read"), Set.of(), Set.of()));
		String revokedToken = token(reader.clientId(), reader.clientSecret(), "admin:read");
		this.http.postForm("/oauth2/revoke", reader.clientId(), reader.clientSecret(), form("token", revokedToken));
		Http.Response revoked = new AdminApi(this.issuer, revokedToken).get("/admin/api/scopes");
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains("has been revoked");
		assertThat(revoked.json().get("detail")).isEqualTo("The token has been revoked");

		String disabledToken = token(reader.clientId(), reader.clientSecret(), "admin:read");
		assertThat(operator.patch("/admin/api/clients/" + reader.clientId(), "{\"enabled\":false}").status())
			.isEqualTo(200);
		Http.Response disabled = new AdminApi(this.issuer, disabledToken).get("/admin/api/scopes");
		assertThat(disabled.status()).isEqualTo(401);
		assertThat(disabled.json().get("detail")).isEqualTo("The token's client is disabled");
	}

	@Test
	void aMissingScopeIsNamedInTheChallenge() {
		AdminApi reader = new AdminApi(this.issuer, adminToken(Set.of("admin:read"), "admin:read"));
		Http.Response write = reader.post("/admin/api/scopes", "{\"name\":\"x:y\"}");
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"")
			.contains("scope=\"admin:clients\"");
		assertThat(write.json().get("detail")).isEqualTo("This call needs a token with the scope admin:clients");

		AdminApi auditor = new AdminApi(this.issuer, adminToken(Set.of("audit:read"), "audit:read"));
		Http.Response keys = auditor.get("/admin/api/keys");
		assertThat(keys.status()).isEqualTo(403);
		assertThat(keys.header("WWW-Authenticate")).contains("scope=\"admin:keys admin:read\"");
		assertThat(keys.json().get("detail").toString()).contains("one of the scopes admin:keys, admin:read");
	}

	@Test
	void everyMethodIsAuthorisedByItsPath() {
		AdminApi reader = new AdminApi(this.issuer, adminToken(Set.of("admin:read"), "admin:read"));
		for (String path : List.of("/admin/api/audit", "/admin/api/audit/export", "/admin/api/audit/verify")) {
			Http.Response head = reader.send("HEAD", path, null);
			assertThat(head.status()).as("HEAD " + path + " without audit:read").isEqualTo(403);
			assertThat(head.header("WWW-Authenticate")).contains("scope=\"audit:read\"");
			assertThat(reader.send("POST", path, "{}").status()).as("POST " + path).isEqualTo(403);
		}
		AdminApi auditor = new AdminApi(this.issuer, adminToken(Set.of("audit:read"), "audit:read"));
		assertThat(auditor.send("HEAD", "/admin/api/audit", null).status()).isEqualTo(200);

		Http.Response unlisted = this.admin.send("PUT", "/admin/api/clients/anyone", "{}");
		assertThat(unlisted.status()).as("PUT is listed nowhere").isEqualTo(403);
		assertThat(unlisted.header("WWW-Authenticate")).contains("insufficient_scope").doesNotContain("scope=\"");
		assertThat(superuser().get("/admin/api/audit/anything").status()).as("an unlisted path").isEqualTo(403);
		assertThat(new AdminApi(this.issuer, null).get("/admin/api/nothing-here").status()).isEqualTo(401);
	}

	@Test
	void removingAnAdminScopeEndsTheTokensThatCarryIt() throws Exception {
		AdminApi operator = superuser();
		IssuedSecret client = this.registrar.register(
				ClientDraft.clientCredentials(null, "demoted", Set.of("admin:read", "audit:read"), Set.of(), Set.of()));
		String token = token(client.clientId(), client.clientSecret(), "admin:read");
		AdminApi demoted = new AdminApi(this.issuer, token);
		assertThat(demoted.get("/admin/api/clients").status()).isEqualTo(200);

		Http.Response patched = operator.patch("/admin/api/clients/" + client.clientId(),
				"{\"scopes\":[\"audit:read\"]}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		Http.Response refused = demoted.get("/admin/api/clients");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("issued before the client's last security change");
		assertThat(refused.json().get("detail").toString()).contains("issued before the client's last security change");
		assertThat(introspectAsAdmin(token)).containsEntry("active", false);

		// a harmless change ends nothing
		String fresh = token(client.clientId(), client.clientSecret(), "audit:read");
		assertThat(operator.patch("/admin/api/clients/" + client.clientId(), "{\"name\":\"renamed\"}").status())
			.isEqualTo(200);
		assertThat(introspectAsAdmin(fresh)).containsEntry("active", true);
	}

	@Test
	void disablingThenReEnablingAClientDoesNotReviveItsTokens() {
		Map<String, Object> created = createClient("");
		String clientId = (String) created.get("clientId");
		String secret = (String) created.get("clientSecret");
		String token = token(clientId, secret, "orders:read");
		assertThat(this.admin.patch("/admin/api/clients/" + clientId, "{\"enabled\":false}").status()).isEqualTo(200);
		assertThat(this.admin.patch("/admin/api/clients/" + clientId, "{\"enabled\":true}").status()).isEqualTo(200);
		assertThat(introspectAsAdmin(token)).containsEntry("active", false);
		assertThat(introspectAsAdmin(token(clientId, secret, "orders:read"))).containsEntry("active", true);
	}

	/**
	 * Each token names the client snapshot it was issued from, so the token before a
	 * security change ends and the token after it stays, whatever seconds they fall in.
	 */
	@Test
	void theTokenBeforeAChangeEndsAndTheTokenAfterItStays() throws Exception {
		Map<String, Object> created = createClient("");
		String clientId = (String) created.get("clientId");
		String secret = (String) created.get("clientSecret");
		String before = token(clientId, secret, "orders:read");
		assertThat(this.admin.patch("/admin/api/clients/" + clientId, "{\"scopes\":[\"orders:read\"]}").status())
			.isEqualTo(200);
		String after = token(clientId, secret, "orders:read");
		long stored = micros(tokensNotBefore(clientId));
		assertThat(tnb(after)).isEqualTo(stored);
		assertThat(tnb(before)).isLessThan(stored);
		assertThat(introspectAsAdmin(before)).as("issued before the change").containsEntry("active", false);
		assertThat(introspectAsAdmin(after)).as("issued after the change").containsEntry("active", true);
	}

	/**
	 * What a node issues when it read the client before a change committed, or serves a
	 * cached copy the change has not yet evicted: the old scopes, signed after the
	 * change. Its {@code iat} is after the change; the snapshot it names is not.
	 */
	@Test
	void aTokenFromTheSnapshotBeforeAChangeIsInactiveWhateverItsIat() throws Exception {
		AdminApi operator = superuser();
		IssuedSecret client = this.registrar.register(ClientDraft.clientCredentials(null, "stale snapshot",
				Set.of("admin:read", "admin:clients"), Set.of(), Set.of()));
		long oldSnapshot = tnb(token(client.clientId(), client.clientSecret(), "admin:read admin:clients"));
		Http.Response patched = operator.patch("/admin/api/clients/" + client.clientId(),
				"{\"scopes\":[\"admin:read\"]}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		Instant change = tokensNotBefore(client.clientId());
		Instant lateIat = change.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);

		String stale = sign(client.clientId(), List.of(this.issuer), "admin:clients admin:read", oldSnapshot, lateIat);
		Http.Response refused = new AdminApi(this.issuer, stale).get("/admin/api/clients");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("issued before the client's last security change");
		assertThat(introspectAsAdmin(stale)).containsEntry("active", false);

		String current = sign(client.clientId(), List.of(this.issuer), "admin:read", micros(change), lateIat);
		assertThat(new AdminApi(this.issuer, current).get("/admin/api/clients").status()).isEqualTo(200);
		assertThat(introspectAsAdmin(current)).containsEntry("active", true);
	}

	Instant tokensNotBefore(String clientId) {
		return this.jdbc
			.queryForObject("select tokens_not_before from client where client_id = ?", java.sql.Timestamp.class,
					clientId)
			.toInstant();
	}

	static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	static long tnb(String token) throws Exception {
		Long claim = parse(token).getJWTClaimsSet().getLongClaim(TokensNotBefore.CLAIM);
		assertThat(claim).as("the token names its client snapshot").isNotNull();
		return claim;
	}

	/**
	 * A token as this server would shape it, signed with its key, with the given snapshot
	 * and iat.
	 */
	String sign(String clientId, List<String> audience, String scope, long snapshot, Instant issuedAt) {
		org.springframework.security.oauth2.jwt.JwtClaimsSet claims = org.springframework.security.oauth2.jwt.JwtClaimsSet
			.builder()
			.issuer(this.issuer)
			.subject(clientId)
			.audience(audience)
			.claim("client_id", clientId)
			.claim("scope", scope)
			.claim(TokensNotBefore.CLAIM, snapshot)
			.id(java.util.UUID.randomUUID().toString())
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(300))
			.build();
		return this.encoder.encode(org.springframework.security.oauth2.jwt.JwtEncoderParameters
			.from(org.springframework.security.oauth2.jwt.JwsHeader
				.with(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256)
				.type("at+jwt")
				.build(), claims))
			.getTokenValue();
	}

	@Test
	void removingTheSecretMethodsDeletesTheSecretsSoAddingThemBackNeverRevivesOne() throws Exception {
		Map<String, Object> created = createClient("");
		String clientId = (String) created.get("clientId");
		String oldSecret = (String) created.get("clientSecret");
		String before = (String) tokenResponse(clientId, oldSecret).json().get("access_token");
		assertThat(introspectAsAdmin(before)).containsEntry("active", true);
		String jwks = new com.nimbusds.jose.jwk.JWKSet(
				new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("e1")
					.generate()
					.toPublicJWK())
			.toString();
		Http.Response keyed = this.admin.patch("/admin/api/clients/" + clientId,
				"{\"authMethods\":[\"private_key_jwt\"],\"jwks\":" + jwks + "}");
		assertThat(keyed.status()).as(keyed.toString()).isEqualTo(200);
		assertThat((List<?>) keyed.json().get("secrets")).isEmpty();
		assertThat(introspectAsAdmin(before)).as("a token from before the method change")
			.containsEntry("active", false);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from client_secret s join client c on c.id = s.client_pk " + "where c.client_id = ?",
				Integer.class, clientId))
			.isZero();

		Http.Response back = this.admin.patch("/admin/api/clients/" + clientId,
				"{\"authMethods\":[\"client_secret_basic\"],\"jwks\":null}");
		assertThat(back.status()).as(back.toString()).isEqualTo(200);
		assertThat(back.header("Cache-Control")).contains("no-store");
		String newSecret = (String) back.json().get("clientSecret");
		assertThat(newSecret).isNotBlank().isNotEqualTo(oldSecret);
		assertThat(back.json()).containsKey("clientSecretExpiresAt");
		assertThat(tokenResponse(clientId, oldSecret).status()).as("the old secret stays dead").isEqualTo(401);
		assertThat(tokenResponse(clientId, newSecret).status()).isEqualTo(200);
		assertThat(this.admin.get("/admin/api/clients/" + clientId).body()).doesNotContain(newSecret);
	}

	@Test
	void anAdminTokenIsAddressedToTheIssuerAloneAndOnlySuchATokenIsTaken() throws Exception {
		IssuedSecret client = this.registrar.register(ClientDraft.clientCredentials(null, "two audiences",
				Set.of("admin:read"), Set.of(), Set.of("https://orders.example.test", this.issuer)));
		String token = token(client.clientId(), client.clientSecret(), "admin:read");
		assertThat(parse(token).getJWTClaimsSet().getAudience()).containsExactly(this.issuer);
		assertThat(new AdminApi(this.issuer, token).get("/admin/api/scopes").status()).isEqualTo(200);

		// a token also addressed elsewhere (as issued before this rule) is not taken
		org.springframework.security.oauth2.jwt.JwtClaimsSet claims = org.springframework.security.oauth2.jwt.JwtClaimsSet
			.builder()
			.issuer(this.issuer)
			.subject(client.clientId())
			.audience(List.of(this.issuer, "https://orders.example.test"))
			.claim("client_id", client.clientId())
			.claim("scope", "admin:read")
			.id(java.util.UUID.randomUUID().toString())
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		String legacy = this.encoder.encode(org.springframework.security.oauth2.jwt.JwtEncoderParameters
			.from(org.springframework.security.oauth2.jwt.JwsHeader
				.with(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256)
				.type("at+jwt")
				.build(), claims))
			.getTokenValue();
		Http.Response refused = new AdminApi(this.issuer, legacy).get("/admin/api/scopes");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.json().get("detail").toString()).contains("is not the issuer " + this.issuer + " alone");
	}

	Map<String, Object> introspectAsAdmin(String token) {
		IssuedSecret introspector = this.registrar.register(ClientDraft.clientCredentials(null, "introspector",
				Set.of("admin:clients"), Set.of(), Set.of(this.issuer)));
		return this.http
			.postForm("/oauth2/introspect", introspector.clientId(), introspector.clientSecret(), form("token", token))
			.json();
	}

}
