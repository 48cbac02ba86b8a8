package dev.tessera.auth.admin.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.trust.TrustedIssuers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/api/trusted-issuers} over a real port with tokens from the server itself:
 * every registration rule as a problem naming its field, defaults, merge patches,
 * uniqueness, scopes, audit events, and each change visible at once through the
 * {@link TrustedIssuers} directory the JWT-bearer grant reads.
 */
@TesseraServerTest
class TrustedIssuersApiTest {

	static final String PATH = "/admin/api/trusted-issuers";

	static final String SCOPE = "partner:read";

	static RSAKey key;

	static String publicJwks;

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TrustedIssuers directory;

	@Autowired
	AuthorizationServerSettings endpoints;

	Http http;

	AdminApi admin;

	@BeforeAll
	static void partnerKey() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("partner-k1").generate();
		publicJwks = new JWKSet(key.toPublicJWK()).toString();
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.admin = new AdminApi(this.issuer, adminToken(Set.of("admin:clients", "admin:read")));
		this.admin.post("/admin/api/scopes", "{\"name\":\"" + SCOPE + "\"}"); // 201 or
																				// 409
	}

	String adminToken(Set<String> scopes) {
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "operator", scopes, Set.of(), Set.of(this.issuer)));
		return token(client, String.join(" ", scopes));
	}

	String token(IssuedSecret client, String scope) {
		Http.Response response = this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", scope));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	static String uniqueIssuer() {
		return "https://idp-" + UUID.randomUUID() + ".partner.example";
	}

	Map<String, Object> create(String json) {
		Http.Response created = this.admin.post(PATH, json);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	static String inline(String iss, String extra) {
		return "{\"issuer\":\"" + iss + "\",\"jwks\":" + publicJwks + ",\"allowedClientIds\":[\"partner-app\"]" + extra
				+ "}";
	}

	TrustedIssuer registered(String iss) {
		return this.directory.findByIssuer(iss).orElseThrow(() -> new AssertionError("not in the directory: " + iss));
	}

	@Test
	void inlineKeysWithTheDefaults() throws Exception {
		String iss = uniqueIssuer();
		Http.Response response = this.admin.post(PATH, inline(iss, ""));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		Map<String, Object> created = response.json();
		String id = (String) created.get("id");
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(response.header("Location")).endsWith(PATH + "/" + id);
		assertThat(response.header("Content-Type")).startsWith("application/json");

		String tokenEndpoint = this.issuer.replaceAll("/$", "") + this.endpoints.getTokenEndpoint();
		assertThat(created).containsEntry("issuer", iss)
			.containsEntry("audiences", List.of(this.issuer, tokenEndpoint))
			.containsEntry("allowedClientIds", List.of("partner-app"))
			.containsEntry("allowedScopes", List.of())
			.containsEntry("maxAssertionLifetimeSeconds", 300L)
			.containsEntry("jwksUri", null)
			.containsEntry("subjectPrefix", null)
			.containsKeys("createdAt", "updatedAt");
		assertThat(JSONObjectUtils.toJSONString(JSONObjectUtils.getJSONObject(created, "jwks"))).contains("partner-k1")
			.doesNotContain("\"d\"");

		assertThat(this.admin.get(PATH + "/" + id).json()).isEqualTo(created);
		List<Object> list = this.admin.get(PATH).jsonList();
		List<String> issuers = list.stream().map(item -> (String) ((Map<?, ?>) item).get("issuer")).toList();
		assertThat(issuers).contains(iss).isSorted();

		TrustedIssuer seen = registered(iss);
		assertThat(seen.id()).hasToString(id);
		assertThat(JWKSet.parse(seen.jwks()).getKeyByKeyId("partner-k1")).isNotNull();
		assertThat(seen.jwksUri()).isNull();
		assertThat(seen.audiences()).containsExactlyInAnyOrder(this.issuer, tokenEndpoint);
		assertThat(seen.allowedClientIds()).containsExactly("partner-app");
		assertThat(seen.maxAssertionLifetime()).isEqualTo(Duration.ofMinutes(5));
		assertThat(seen.subjectPrefix()).isNull();
	}

	@Test
	void aKeyUrlWithEverySettingGiven() {
		String iss = uniqueIssuer();
		String prefix = "acme-" + UUID.randomUUID() + ":";
		Map<String, Object> created = create(
				"{\"issuer\":\"" + iss + "\",\"jwksUri\":\"https://idp.partner.example/jwks\","
						+ "\"audiences\":[\"https://api.tessera.example\",\"urn:tessera\"],"
						+ "\"allowedClientIds\":[\"b-app\",\"a-app\"],\"allowedScopes\":[\"" + SCOPE + "\"],"
						+ "\"maxAssertionLifetimeSeconds\":120,\"subjectPrefix\":\"" + prefix + "\"}");
		assertThat(created).containsEntry("jwks", null)
			.containsEntry("jwksUri", "https://idp.partner.example/jwks")
			.containsEntry("audiences", List.of("https://api.tessera.example", "urn:tessera"))
			.containsEntry("allowedClientIds", List.of("a-app", "b-app"))
			.containsEntry("allowedScopes", List.of(SCOPE))
			.containsEntry("maxAssertionLifetimeSeconds", 120L)
			.containsEntry("subjectPrefix", prefix);
		TrustedIssuer seen = registered(iss);
		assertThat(seen.jwks()).isNull();
		assertThat(seen.jwksUri()).isEqualTo("https://idp.partner.example/jwks");
		assertThat(seen.allowedScopes()).containsExactly(SCOPE);
		assertThat(seen.tokenSubject("alice")).isEqualTo(prefix + "alice");

		// outside production a partner's keys may be served over http from a loopback
		// address (a test identity provider)
		create("{\"issuer\":\"" + uniqueIssuer() + "\",\"jwksUri\":\"http://127.0.0.1:8089/jwks\","
				+ "\"allowedClientIds\":[\"a-app\"]}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					missing issuer              | {"jwks":JWKS,"allowedClientIds":["a"]}                                        | issuer
					empty issuer                | {"issuer":"","jwks":JWKS,"allowedClientIds":["a"]}                            | issuer
					issuer with a space         | {"issuer":"https://idp.example/a b","jwks":JWKS,"allowedClientIds":["a"]}   | issuer
					issuer too long             | {"issuer":"https://idp.example/LONG","jwks":JWKS,"allowedClientIds":["a"]}  | issuer
					no keys                     | {"issuer":"ISSUER","allowedClientIds":["a"]}                                   | jwks
					both jwks and jwksUri       | {"issuer":"ISSUER","jwks":JWKS,"jwksUri":"https://idp.example/jwks","allowedClientIds":["a"]} | jwksUri
					not a key set               | {"issuer":"ISSUER","jwks":{"nope":1},"allowedClientIds":["a"]}                 | jwks
					an empty key set            | {"issuer":"ISSUER","jwks":{"keys":[]},"allowedClientIds":["a"]}                | jwks
					a private key               | {"issuer":"ISSUER","jwks":PRIVATE,"allowedClientIds":["a"]}                    | jwks
					a symmetric key             | {"issuer":"ISSUER","jwks":{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]},"allowedClientIds":["a"]} | jwks
					no usable key               | {"issuer":"ISSUER","jwks":{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]},"allowedClientIds":["a"]} | jwks
					jwksUri over plain http     | {"issuer":"ISSUER","jwksUri":"http://keys.example/jwks","allowedClientIds":["a"]} | jwksUri
					jwksUri to link-local       | {"issuer":"ISSUER","jwksUri":"https://169.254.169.254/jwks","allowedClientIds":["a"]} | jwksUri
					jwksUri not a URL           | {"issuer":"ISSUER","jwksUri":"keys","allowedClientIds":["a"]}                  | jwksUri
					no clients                  | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":[]}                          | allowedClientIds
					clients missing             | {"issuer":"ISSUER","jwks":JWKS}                                                | allowedClientIds
					a null client               | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":[null]}                      | allowedClientIds
					a client id with a space    | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a b"]}                     | allowedClientIds
					unknown scope               | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"allowedScopes":["no:such"]} | allowedScopes
					admin scope                 | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"allowedScopes":["admin:clients"]} | allowedScopes
					audit scope                 | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"allowedScopes":["audit:read"]} | allowedScopes
					lifetime zero               | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"maxAssertionLifetimeSeconds":0} | maxAssertionLifetimeSeconds
					lifetime above an hour      | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"maxAssertionLifetimeSeconds":3601} | maxAssertionLifetimeSeconds
					empty subject prefix        | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"subjectPrefix":""}  | subjectPrefix
					subject prefix with a space | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"subjectPrefix":"a b"} | subjectPrefix
					subject prefix too long     | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"subjectPrefix":"LONG"} | subjectPrefix
					an audience with a space    | {"issuer":"ISSUER","jwks":JWKS,"allowedClientIds":["a"],"audiences":["a b"]} | audiences
					""")
	void everyRuleNamesItsField(String caseName, String template, String field) {
		String iss = uniqueIssuer();
		String body = template.replace("ISSUER", iss)
			.replace("JWKS", publicJwks)
			.replace("PRIVATE", new JWKSet(key).toString(false))
			.replace("https://idp.example/LONG", "https://idp.example/" + "x".repeat(481))
			.replace("\"LONG\"", "\"" + "p".repeat(101) + "\"");
		Http.Response response = this.admin.post(PATH, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 400L).containsKey("detail");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		assertThat(this.jdbc.queryForObject("select count(*) from trusted_issuer where issuer = ?", Integer.class, iss))
			.as("nothing was stored")
			.isZero();
	}

	@Test
	void malformedRequestsAndUnknownIdsAreProblemsNever500() {
		String id = (String) create(inline(uniqueIssuer(), "")).get("id");
		List<Http.Response> badRequests = new ArrayList<>();
		badRequests.add(this.admin.post(PATH, "{not json"));
		badRequests.add(this.admin.post(PATH, "[]"));
		badRequests
			.add(this.admin.post(PATH, "{\"issuer\":\"https://x\",\"jwks\":\"text\",\"allowedClientIds\":[\"a\"]}"));
		badRequests.add(this.admin.post(PATH, "{\"issuer\":\"https://x\",\"jwks\":[1],\"allowedClientIds\":[\"a\"]}"));
		badRequests.add(this.admin.post(PATH, "{\"issuer\":{},\"jwks\":{},\"allowedClientIds\":[\"a\"]}"));
		badRequests.add(this.admin.post(PATH, "{\"issuer\":\"https://x\",\"allowedClientIds\":\"a\"}"));
		badRequests.add(this.admin.post(PATH, "{\"issuer\":\"https://x\",\"maxAssertionLifetimeSeconds\":\"long\"}"));
		badRequests
			.add(this.admin.post(PATH, "{\"issuer\":\"https://x\",\"maxAssertionLifetimeSeconds\":99999999999}"));
		badRequests.add(this.admin.patch(PATH + "/" + id, "{not json"));
		badRequests.add(this.admin.patch(PATH + "/" + id, "{\"maxAssertionLifetimeSeconds\":\"long\"}"));
		badRequests.add(this.admin.patch(PATH + "/" + id, "{\"allowedScopes\":{\"a\":1}}"));
		// a null key, on which the JWK set parser itself throws
		badRequests.add(this.admin.post(PATH,
				"{\"issuer\":\"https://x.example\",\"jwks\":{\"keys\":[null]},\"allowedClientIds\":[\"a\"]}"));
		badRequests.add(this.admin.patch(PATH + "/" + id, "{\"jwks\":{\"keys\":[null]}}"));
		for (Http.Response response : badRequests) {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
		for (String multipart : List.of("multipart/form-data", "multipart/mixed; boundary=x")) {
			Http.Response upload = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + PATH))
				.header("Authorization", "Bearer " + this.admin.token())
				.header("Content-Type", multipart)
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
			assertThat(upload.status()).as(multipart + ": " + upload).isEqualTo(415);
			assertThat(upload.header("Content-Type")).startsWith("application/problem+json");
		}
		Http.Response noBody = this.admin.send("POST", PATH, null);
		assertThat(noBody.status()).as(noBody.toString()).isBetween(400, 415);
		assertThat(noBody.header("Content-Type")).startsWith("application/problem+json");

		String unknown = UUID.randomUUID().toString();
		for (String path : List.of(PATH + "/" + unknown, PATH + "/not-a-uuid", PATH + "/%20")) {
			for (Http.Response response : List.of(this.admin.get(path), this.admin.delete(path),
					this.admin.patch(path, "{\"maxAssertionLifetimeSeconds\":60}"))) {
				assertThat(response.status()).as(path + ": " + response).isEqualTo(404);
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			}
		}
	}

	@Test
	void issuerAndSubjectPrefixAreUnique() {
		String iss = uniqueIssuer();
		String prefix = "p-" + UUID.randomUUID() + ":";
		String id = (String) create(inline(iss, ",\"subjectPrefix\":\"" + prefix + "\"")).get("id");

		Http.Response sameIssuer = this.admin.post(PATH, inline(iss, ""));
		assertThat(sameIssuer.status()).as(sameIssuer.toString()).isEqualTo(409);
		assertThat(sameIssuer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(sameIssuer.json().get("detail").toString()).contains("already registered");

		String other = uniqueIssuer();
		Http.Response samePrefix = this.admin.post(PATH, inline(other, ",\"subjectPrefix\":\"" + prefix + "\""));
		assertThat(samePrefix.status()).as(samePrefix.toString()).isEqualTo(409);
		assertThat(samePrefix.json().get("detail").toString()).contains("subject prefix");
		for (String overlapping : List.of(prefix + "x", prefix.substring(0, prefix.length() - 1))) {
			Http.Response overlaps = this.admin.post(PATH,
					inline(uniqueIssuer(), ",\"subjectPrefix\":\"" + overlapping + "\""));
			assertThat(overlaps.status()).as("%s overlaps %s", overlapping, prefix).isEqualTo(409);
			assertThat(overlaps.json().get("detail").toString()).contains("overlaps").contains("could collide");
		}

		String otherId = (String) create(inline(other, ",\"subjectPrefix\":\"q-" + UUID.randomUUID() + "\"")).get("id");
		assertThat(this.admin.patch(PATH + "/" + otherId, "{\"issuer\":\"" + iss + "\"}").status()).isEqualTo(409);
		assertThat(this.admin.patch(PATH + "/" + otherId, "{\"subjectPrefix\":\"" + prefix + "\"}").status())
			.isEqualTo(409);
		// naming its own values again is no clash
		assertThat(
				this.admin.patch(PATH + "/" + id, "{\"issuer\":\"" + iss + "\",\"subjectPrefix\":\"" + prefix + "\"}")
					.status())
			.isEqualTo(200);
		assertThat(registered(other).subjectPrefix()).startsWith("q-");
	}

	@Test
	void patchesSwitchKeySourcesAndClearTheSubjectPrefix() throws Exception {
		String iss = uniqueIssuer();
		Map<String, Object> created = create(inline(iss,
				",\"subjectPrefix\":\"s-" + UUID.randomUUID() + ":\",\"allowedScopes\":[\"" + SCOPE + "\"]"));
		String path = PATH + "/" + created.get("id");

		// the JSON merge patch media type (RFC 7396) is accepted as well as plain JSON
		Http.Response hosted = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Authorization", "Bearer " + this.admin.token())
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH",
					HttpRequest.BodyPublishers.ofString("{\"jwksUri\":\"https://idp.partner.example/jwks\"}")));
		assertThat(hosted.status()).as(hosted.toString()).isEqualTo(200);
		assertThat(hosted.json()).containsEntry("jwks", null)
			.containsEntry("jwksUri", "https://idp.partner.example/jwks")
			.containsEntry("allowedScopes", List.of(SCOPE))
			.containsEntry("subjectPrefix", created.get("subjectPrefix"))
			.containsEntry("createdAt", created.get("createdAt"));
		assertThat(Instant.parse((String) hosted.json().get("updatedAt")))
			.isAfterOrEqualTo(Instant.parse((String) created.get("updatedAt")));
		assertThat(registered(iss).jwks()).isNull();
		assertThat(registered(iss).jwksUri()).isEqualTo("https://idp.partner.example/jwks");

		Http.Response inline = this.admin.patch(path, "{\"jwks\":" + publicJwks + "}");
		assertThat(inline.status()).as(inline.toString()).isEqualTo(200);
		assertThat(inline.json()).containsEntry("jwksUri", null).containsKey("jwks");
		assertThat(registered(iss).jwksUri()).isNull();
		assertThat(JWKSet.parse(registered(iss).jwks()).getKeyByKeyId("partner-k1")).isNotNull();

		Http.Response cleared = this.admin.patch(path, "{\"subjectPrefix\":null,\"maxAssertionLifetimeSeconds\":60}");
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json()).containsEntry("subjectPrefix", null)
			.containsEntry("maxAssertionLifetimeSeconds", 60L)
			.containsEntry("allowedClientIds", List.of("partner-app"));
		assertThat(registered(iss).subjectPrefix()).isNull();
		assertThat(registered(iss).tokenSubject("alice")).isEqualTo("alice");
		assertThat(registered(iss).maxAssertionLifetime()).isEqualTo(Duration.ofSeconds(60));

		Http.Response audiences = this.admin.patch(path,
				"{\"audiences\":[\"https://only.example\"],\"allowedClientIds\":[\"x-app\",\"y-app\"]}");
		assertThat(audiences.json()).containsEntry("audiences", List.of("https://only.example"))
			.containsEntry("allowedClientIds", List.of("x-app", "y-app"));
		assertThat(registered(iss).allowsClient("partner-app")).isFalse();
		assertThat(registered(iss).allowsClient("y-app")).isTrue();
		Http.Response defaults = this.admin.patch(path, "{\"audiences\":null,\"maxAssertionLifetimeSeconds\":null}");
		assertThat(defaults.json()).containsEntry("maxAssertionLifetimeSeconds", 300L);
		assertThat(defaults.json().get("audiences").toString()).contains(this.issuer + ",");

		// refusals leave the registration as it was
		Map<String, String> refusals = Map.of("{\"jwks\":null}", "jwks",
				"{\"jwks\":" + publicJwks + ",\"jwksUri\":\"https://idp.example/jwks\"}", "jwksUri",
				"{\"issuer\":null}", "issuer", "{\"allowedClientIds\":null}", "allowedClientIds",
				"{\"allowedScopes\":[\"admin:read\"]}", "allowedScopes", "{\"subjectPrefix\":\"\"}", "subjectPrefix");
		refusals.forEach((body, field) -> {
			Http.Response response = this.admin.patch(path, body);
			assertThat(response.status()).as(body + ": " + response).isEqualTo(400);
			assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		});
		assertThat(this.admin.get(path).json()).isEqualTo(defaults.json());
	}

	@Test
	void deletedThen404AndGoneFromTheDirectory() {
		String iss = uniqueIssuer();
		String path = PATH + "/" + create(inline(iss, "")).get("id");
		assertThat(this.directory.findByIssuer(iss)).isPresent();
		Http.Response deleted = this.admin.delete(path);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(this.directory.findByIssuer(iss)).isEmpty();
		assertThat(this.admin.get(path).status()).isEqualTo(404);
		assertThat(this.admin.delete(path).status()).isEqualTo(404);
		assertThat(this.admin.get(PATH).body()).doesNotContain(iss);
	}

	@Test
	void readersReadWritersWriteOthersAreRefused() {
		String id = (String) create(inline(uniqueIssuer(), "")).get("id");
		String path = PATH + "/" + id;
		AdminApi reader = new AdminApi(this.issuer, adminToken(Set.of("admin:read")));
		assertThat(reader.get(PATH).status()).isEqualTo(200);
		assertThat(reader.get(path).status()).isEqualTo(200);
		assertThat(reader.send("HEAD", path, null).status()).isEqualTo(200);
		assertWriteRefused(reader, path, "admin:clients");

		AdminApi keysOnly = new AdminApi(this.issuer, adminToken(Set.of("admin:keys")));
		assertThat(keysOnly.get(PATH).status()).isEqualTo(403);
		assertThat(keysOnly.get(path).status()).isEqualTo(403);
		assertWriteRefused(keysOnly, path, "admin:clients");

		IssuedSecret plain = this.registrar.register(
				ClientDraft.clientCredentials(null, "no admin scope", Set.of(SCOPE), Set.of(), Set.of(this.issuer)));
		AdminApi nobody = new AdminApi(this.issuer, token(plain, SCOPE));
		assertThat(nobody.get(PATH).status()).isEqualTo(403);
		assertWriteRefused(nobody, path, "admin:clients");
		assertThat(new AdminApi(this.issuer, null).get(PATH).status()).isEqualTo(401);

		assertThat(this.admin.get(path).json()).containsEntry("maxAssertionLifetimeSeconds", 300L);
		assertThat(this.admin.send("PUT", path, "{}").status()).as("PUT is listed nowhere").isEqualTo(403);
	}

	void assertWriteRefused(AdminApi caller, String path, String scope) {
		for (Http.Response response : List.of(caller.post(PATH, inline(uniqueIssuer(), "")),
				caller.patch(path, "{\"maxAssertionLifetimeSeconds\":60}"), caller.delete(path))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(403);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.header("WWW-Authenticate")).contains("scope=\"" + scope + "\"");
		}
	}

	@Test
	void everyChangeIsAuditedWithoutTheKeys() throws Exception {
		String iss = uniqueIssuer();
		String create = "corr-" + UUID.randomUUID();
		Http.Response created = call("POST", PATH, create, inline(iss, ""));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = (String) created.json().get("id");
		Map<String, Object> createEvent = onlyEvent(create);
		assertThat(createEvent).containsEntry("operation", "trusted_issuer.create")
			.containsEntry("outcome", "success")
			.containsEntry("principal_type", "client")
			.containsEntry("payload_ref", "trusted_issuer:" + id);
		assertThat(detail(createEvent)).containsEntry("id", id)
			.containsEntry("issuer", iss)
			.containsEntry("keys", "jwks")
			.containsEntry("allowedClientIds", List.of("partner-app"))
			.containsEntry("maxAssertionLifetimeSeconds", 300L);

		String update = "corr-" + UUID.randomUUID();
		assertThat(
				call("PATCH", PATH + "/" + id, update, "{\"jwks\":" + publicJwks + ",\"subjectPrefix\":null}").status())
			.isEqualTo(200);
		Map<String, Object> updateEvent = onlyEvent(update);
		assertThat(updateEvent).containsEntry("operation", "trusted_issuer.update").containsEntry("outcome", "success");
		assertThat(detail(updateEvent)).containsEntry("id", id)
			.containsEntry("issuer", iss)
			.containsEntry("changed", List.of("jwks", "subjectPrefix"));

		String refused = "corr-" + UUID.randomUUID();
		assertThat(call("PATCH", PATH + "/" + id, refused, "{\"maxAssertionLifetimeSeconds\":0}").status())
			.isEqualTo(400);
		assertThat(onlyEvent(refused)).containsEntry("operation", "trusted_issuer.update")
			.containsEntry("outcome", "business_error");
		String refusedCreate = "corr-" + UUID.randomUUID();
		assertThat(call("POST", PATH, refusedCreate, inline(iss, "")).status()).isEqualTo(409);
		assertThat(onlyEvent(refusedCreate)).containsEntry("operation", "trusted_issuer.create")
			.containsEntry("outcome", "business_error");

		String delete = "corr-" + UUID.randomUUID();
		assertThat(call("DELETE", PATH + "/" + id, delete, null).status()).isEqualTo(204);
		Map<String, Object> deleteEvent = onlyEvent(delete);
		assertThat(deleteEvent).containsEntry("operation", "trusted_issuer.delete")
			.containsEntry("outcome", "success")
			.containsEntry("payload_ref", "trusted_issuer:" + id);
		assertThat(detail(deleteEvent)).containsEntry("id", id).containsEntry("issuer", iss);

		// no key material anywhere in the trail
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where detail like ?", Integer.class,
				"%" + key.getModulus().toString().substring(0, 40) + "%"))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where payload_ref = ? and detail like '%partner-k1%'", Integer.class,
				"trusted_issuer:" + id))
			.isZero();
	}

	@Test
	void aScopeATrustedIssuerAllowsCannotBeDeleted() {
		String scope = "partner:" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.admin.post("/admin/api/scopes", "{\"name\":\"" + scope + "\"}").status()).isEqualTo(201);
		String path = PATH + "/" + create(inline(uniqueIssuer(), ",\"allowedScopes\":[\"" + scope + "\"]")).get("id");

		Http.Response inUse = this.admin.delete("/admin/api/scopes/" + scope);
		assertThat(inUse.status()).as(inUse.toString()).isEqualTo(409);
		assertThat(inUse.header("Content-Type")).startsWith("application/problem+json");
		assertThat(inUse.json().get("detail").toString()).contains("trusted issuer");

		assertThat(this.admin.patch(path, "{\"allowedScopes\":[]}").status()).isEqualTo(200);
		assertThat(this.admin.delete("/admin/api/scopes/" + scope).status()).isEqualTo(204);
	}

	Http.Response call(String method, String path, String correlationId, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Authorization", "Bearer " + this.admin.token())
			.header("X-Correlation-Id", correlationId);
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request);
	}

	Map<String, Object> onlyEvent(String correlationId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event where correlation_id = ?",
				correlationId);
		assertThat(rows).as("events for " + correlationId).hasSize(1);
		return rows.get(0);
	}

	static Map<String, Object> detail(Map<String, Object> row) throws Exception {
		return JSONObjectUtils.parse((String) row.get("detail"));
	}

}
