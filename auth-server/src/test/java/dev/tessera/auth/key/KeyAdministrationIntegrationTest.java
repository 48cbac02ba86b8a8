package dev.tessera.auth.key;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
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

import static dev.tessera.auth.key.KeyRotationIntegrationTest.kid;
import static dev.tessera.auth.key.KeyRotationIntegrationTest.token;
import static dev.tessera.auth.support.Http.form;
import static dev.tessera.auth.support.Poll.jwksKids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation and revocation by hand through the admin API, and the JWKS caching headers.
 */
@TesseraServerTest
class KeyAdministrationIntegrationTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	AdminApi keysAdmin;

	IssuedSecret client;

	IssuedSecret admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.admin = this.registrar.register(ClientDraft.clientCredentials(null, "key admin",
				Set.of("admin:keys", "admin:clients"), Set.of(), Set.of(this.issuer)));
		String adminToken = (String) this.http
			.postForm("/oauth2/token", this.admin.clientId(), this.admin.clientSecret(),
					form("grant_type", "client_credentials", "scope", "admin:keys"))
			.json()
			.get("access_token");
		this.keysAdmin = new AdminApi(this.issuer, adminToken);
		this.client = this.registrar.register(
				ClientDraft.clientCredentials(null, "worker", Set.of(), Set.of(), Set.of("https://api.example.test")));
	}

	@Test
	void revokeTakesTheKeyOutOfJwksAndItsTokensIntrospectInactive() {
		String before = token(this.http, this.client);
		String revokedKid = kid(before);
		assertThat(introspect(before)).containsEntry("active", true);

		Http.Response revoked = this.keysAdmin.post("/admin/api/keys/" + revokedKid + "/revoke", null);
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
		assertThat(revoked.json()).containsEntry("kid", revokedKid).containsEntry("status", "REVOKED");

		assertThat(jwksKids(this.http)).doesNotContain(revokedKid).isNotEmpty();
		assertThat(introspect(before)).containsEntry("active", false);
		// the admin token was signed by the revoked key too: it is refused at once
		Http.Response refused = this.keysAdmin.get("/admin/api/keys");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"")
			.contains("signed by a key this server does not publish");

		String after = token(this.http, this.client);
		assertThat(kid(after)).isNotEqualTo(revokedKid);
		assertThat(introspect(after)).containsEntry("active", true);

		AdminApi fresh = freshAdmin();
		assertThat(fresh.post("/admin/api/keys/" + revokedKid + "/revoke", null).status()).isEqualTo(409);
		assertThat(fresh.post("/admin/api/keys/no-such-kid/revoke", null).status()).isEqualTo(404);
	}

	@Test
	void rotateByHandSignsWithANewKeyAndKeepsTheOldOnePublished() {
		AdminApi api = freshAdmin();
		String oldKid = kid(token(this.http, this.client));
		Http.Response rotated = api.post("/admin/api/keys/rotate", null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newKid = (String) rotated.json().get("kid");
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(rotated.json()).containsEntry("status", "ACTIVE");
		assertThat(kid(token(this.http, this.client))).isEqualTo(newKid);
		assertThat(jwksKids(this.http)).contains(oldKid, newKid);

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> keys = (List<Map<String, Object>>) (List<?>) api.get("/admin/api/keys").jsonList();
		assertThat(keys).anySatisfy(key -> {
			assertThat(key).containsEntry("kid", oldKid).containsEntry("status", "RETIRING").containsKey("retiresAt");
		});
		assertThat(keys).allSatisfy(key -> assertThat(key).containsKeys("kid", "alg", "status", "createdAt")
			.doesNotContainKeys("d", "privateKeyCipher"));
	}

	@Test
	void keysNeedAdminKeysToChange() {
		IssuedSecret reader = this.registrar.register(
				ClientDraft.clientCredentials(null, "reader", Set.of("admin:read"), Set.of(), Set.of(this.issuer)));
		String readToken = (String) this.http
			.postForm("/oauth2/token", reader.clientId(), reader.clientSecret(),
					form("grant_type", "client_credentials", "scope", "admin:read"))
			.json()
			.get("access_token");
		AdminApi readOnly = new AdminApi(this.issuer, readToken);
		assertThat(readOnly.get("/admin/api/keys").status()).isEqualTo(200);
		assertThat(readOnly.post("/admin/api/keys/rotate", null).status()).isEqualTo(403);
	}

	@Test
	void jwksIsCacheableWithAStrongEtag() {
		Http.Response first = this.http.get("/oauth2/jwks");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=3600");
		String etag = first.header("ETag");
		assertThat(etag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
		Http.Response notModified = this.http
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks")).header("If-None-Match", etag).GET());
		assertThat(notModified.status()).isEqualTo(304);
		Http.Response weak = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks"))
			.header("If-None-Match", "\"other\", W/" + etag)
			.GET());
		assertThat(weak.status()).as("If-None-Match compares weakly").isEqualTo(304);
		Http.Response stale = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks"))
			.header("If-None-Match", "\"something-else\"")
			.GET());
		assertThat(stale.status()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> keys = (List<Map<String, Object>>) first.json().get("keys");
		assertThat(keys).allSatisfy(key -> assertThat(key).containsKeys("kid", "alg").containsEntry("use", "sig"));
	}

	private AdminApi freshAdmin() {
		String adminToken = (String) this.http
			.postForm("/oauth2/token", this.admin.clientId(), this.admin.clientSecret(),
					form("grant_type", "client_credentials", "scope", "admin:keys"))
			.json()
			.get("access_token");
		return new AdminApi(this.issuer, adminToken);
	}

	private Map<String, Object> introspect(String token) {
		return this.http
			.postForm("/oauth2/introspect", this.admin.clientId(), this.admin.clientSecret(), form("token", token))
			.json();
	}

}
