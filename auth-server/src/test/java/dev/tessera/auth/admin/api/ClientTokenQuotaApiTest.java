package dev.tessera.auth.admin.api;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * A client's token quotas through the admin API: set at registration, shown, changed and
 * cleared by PATCH, and every bad value a 400 problem naming the field; and a used-up
 * quota answered 429 at the token endpoint of a single node.
 */
@TesseraServerTest
class ClientTokenQuotaApiTest {

	static final String CLIENT = "{\"name\":\"Quota\",\"grantTypes\":[\"client_credentials\"],"
			+ "\"authMethods\":[\"client_secret_basic\"],\"audiences\":[\"https://api.example.test\"]";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	AdminApi admin;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		IssuedSecret operator = this.registrar.register(ClientDraft.clientCredentials(null, "quota admin",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", operator.clientId(), operator.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		this.admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
	}

	@Test
	void quotasAreSetShownChangedAndCleared() {
		Http.Response unlimited = this.admin.post("/admin/api/clients", CLIENT + "}");
		assertThat(unlimited.status()).isEqualTo(201);
		assertThat(unlimited.json()).doesNotContainKeys("hourlyTokenQuota", "dailyTokenQuota");

		Http.Response created = this.admin.post("/admin/api/clients",
				CLIENT + ",\"hourlyTokenQuota\":100,\"dailyTokenQuota\":1000}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String clientId = (String) created.json().get("clientId");
		assertThat(this.admin.get("/admin/api/clients/" + clientId).json()).containsEntry("hourlyTokenQuota", 100L)
			.containsEntry("dailyTokenQuota", 1000L);

		Http.Response hourlyOnly = this.admin.patch("/admin/api/clients/" + clientId, "{\"dailyTokenQuota\":null}");
		assertThat(hourlyOnly.status()).as(hourlyOnly.toString()).isEqualTo(200);
		assertThat(hourlyOnly.json()).containsEntry("hourlyTokenQuota", 100L).doesNotContainKey("dailyTokenQuota");

		Http.Response name = this.admin.patch("/admin/api/clients/" + clientId, "{\"name\":\"Quota renamed\"}");
		assertThat(name.json()).as("an absent quota stays").containsEntry("hourlyTokenQuota", 100L);

		Http.Response below = this.admin.patch("/admin/api/clients/" + clientId, "{\"dailyTokenQuota\":99}");
		assertThat(below.status()).isEqualTo(400);
		assertThat(below.header("Content-Type")).startsWith("application/problem+json");
		assertThat(below.body()).contains("\"field\":\"dailyTokenQuota\"").contains("at least hourlyTokenQuota (100)");

		Http.Response cleared = this.admin.patch("/admin/api/clients/" + clientId, "{\"hourlyTokenQuota\":null}");
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json()).doesNotContainKeys("hourlyTokenQuota", "dailyTokenQuota");
	}

	/**
	 * A value of the wrong type is refused before it is read (the problem says the
	 * request could not be read); a number that is not a positive whole {@code int} is
	 * refused naming the field.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "1.5", "3000000000", "\"ten\"", "true", "[5]", "{}" })
	void aBadQuotaIsAProblem(String value) {
		boolean number = !value.startsWith("\"") && !value.startsWith("[") && !value.startsWith("{")
				&& !"true".equals(value);
		Http.Response created = this.admin.post("/admin/api/clients", CLIENT + ",\"hourlyTokenQuota\":" + value + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(400);
		assertThat(created.header("Content-Type")).startsWith("application/problem+json");
		if (number) {
			assertThat(created.body()).contains("\"field\":\"hourlyTokenQuota\"");
		}

		Http.Response client = this.admin.post("/admin/api/clients", CLIENT + ",\"dailyTokenQuota\":10}");
		String clientId = (String) client.json().get("clientId");
		Http.Response patched = this.admin.patch("/admin/api/clients/" + clientId,
				"{\"dailyTokenQuota\":" + value + "}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
		assertThat(patched.header("Content-Type")).startsWith("application/problem+json");
		if (number) {
			assertThat(patched.body()).contains("\"field\":\"dailyTokenQuota\"");
		}
		assertThat(this.admin.get("/admin/api/clients/" + clientId).json()).containsEntry("dailyTokenQuota", 10L);
	}

	@Test
	void aDailyQuotaBelowTheHourlyOneIsRefusedAtRegistration() {
		Http.Response created = this.admin.post("/admin/api/clients",
				CLIENT + ",\"hourlyTokenQuota\":10,\"dailyTokenQuota\":5}");
		assertThat(created.status()).isEqualTo(400);
		assertThat(created.body()).contains("\"field\":\"dailyTokenQuota\"");
	}

	@Test
	void aUsedUpQuotaIsA429AndAClientWithoutOneIsNotCounted() {
		Map<String, Object> limited = this.admin.post("/admin/api/clients", CLIENT + ",\"hourlyTokenQuota\":2}").json();
		String clientId = (String) limited.get("clientId");
		String secret = (String) limited.get("clientSecret");
		assertThat(token(clientId, secret).status()).isEqualTo(200);
		assertThat(token(clientId, secret).status()).isEqualTo(200);
		Http.Response refused = token(clientId, secret);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(refused.json()).containsEntry("error", "too_many_requests");
		assertThat((String) refused.json().get("error_description"))
			.startsWith("the client's hourly token quota of 2 is used up; it resets at ");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
		assertThat(refused.header("Cache-Control")).contains("no-store");

		Map<String, Object> unlimited = this.admin.post("/admin/api/clients", CLIENT + "}").json();
		for (int i = 0; i < 5; i++) {
			assertThat(token((String) unlimited.get("clientId"), (String) unlimited.get("clientSecret")).status())
				.isEqualTo(200);
		}
	}

	Http.Response token(String clientId, String secret) {
		return this.http.postForm("/oauth2/token", clientId, secret, form("grant_type", "client_credentials"));
	}

}
