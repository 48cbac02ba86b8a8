package dev.tessera.auth.admin.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/api/clients} for clients that act for a person (issue 13): public and
 * confidential authorization-code clients, the settings {@code firstParty},
 * {@code postLogoutRedirectUris}, {@code refreshTokenIdleSeconds} and
 * {@code refreshTokenAbsoluteSeconds} through POST, GET and PATCH, as Spring's
 * {@link RegisteredClient} sees them, and bad values as problems naming their field.
 */
@TesseraServerTest
class ClientsApiTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	RegisteredClientRepository registeredClients;

	Http http;

	AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		IssuedSecret operator = this.registrar.register(ClientDraft.clientCredentials(null, "operator",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", operator.clientId(), operator.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		this.admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:read\",\"description\":\"Read orders\"}");
	}

	static String uniqueId(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void aPublicClientRegistersWithoutASecret() {
		String clientId = uniqueId("cli");
		Http.Response created = this.admin.post("/admin/api/clients", "{\"clientId\":\"" + clientId
				+ "\",\"name\":\"CLI\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"authMethods\":[\"none\"],\"scopes\":[\"orders:read\"],"
				+ "\"redirectUris\":[\"http://127.0.0.1/callback\",\"http://[::1]/callback\"],\"firstParty\":true}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json())
			.doesNotContainKeys("clientSecret", "clientSecretExpiresAt", "refreshTokenIdleSeconds",
					"refreshTokenAbsoluteSeconds")
			.containsEntry("firstParty", true)
			.containsEntry("secrets", List.of())
			.containsEntry("authMethods", List.of("none"))
			.containsEntry("postLogoutRedirectUris", List.of());

		RegisteredClient registered = this.registeredClients.findByClientId(clientId);
		assertThat(registered.getClientSettings().isRequireAuthorizationConsent()).isFalse();
		assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(registered.getRedirectUris()).containsExactlyInAnyOrder("http://127.0.0.1/callback",
				"http://[::1]/callback");
	}

	@Test
	void aConfidentialAuthorizationCodeClientGetsASecretAndAsksForConsent() {
		String clientId = uniqueId("web");
		Http.Response created = this.admin.post("/admin/api/clients",
				"{\"clientId\":\"" + clientId + "\",\"name\":\"Web app\",\"grantTypes\":[\"authorization_code\"],"
						+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"orders:read\"],"
						+ "\"redirectUris\":[\"https://app.example.test:8443/callback\"]}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat((String) created.json().get("clientSecret")).hasSizeGreaterThanOrEqualTo(43);
		assertThat(created.json()).containsEntry("firstParty", false).containsKey("clientSecretExpiresAt");
		RegisteredClient registered = this.registeredClients.findByClientId(clientId);
		assertThat(registered.getClientSettings().isRequireAuthorizationConsent()).isTrue();
	}

	@Test
	void theFourPersonSettingsRoundTripThroughGetAndPatch() {
		String clientId = uniqueId("console");
		String path = "/admin/api/clients/" + clientId;
		Http.Response created = this.admin.post("/admin/api/clients",
				"{\"clientId\":\"" + clientId
						+ "\",\"name\":\"Console\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
						+ "\"authMethods\":[\"client_secret_post\"],\"scopes\":[\"orders:read\"],"
						+ "\"redirectUris\":[\"https://console.example.test/callback\"],"
						+ "\"postLogoutRedirectUris\":[\"https://console.example.test/signed-out\"],"
						+ "\"refreshTokenIdleSeconds\":3600,\"refreshTokenAbsoluteSeconds\":86400}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);

		Map<String, Object> read = this.admin.get(path).json();
		assertThat(read).containsEntry("firstParty", false)
			.containsEntry("postLogoutRedirectUris", List.of("https://console.example.test/signed-out"))
			.containsEntry("refreshTokenIdleSeconds", 3600L)
			.containsEntry("refreshTokenAbsoluteSeconds", 86400L);

		Http.Response patched = this.admin.patch(path,
				"{\"firstParty\":true,\"postLogoutRedirectUris\":[\"http://127.0.0.1/bye\"],"
						+ "\"refreshTokenIdleSeconds\":7200}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(this.admin.get(path).json()).containsEntry("firstParty", true)
			.containsEntry("postLogoutRedirectUris", List.of("http://127.0.0.1/bye"))
			.containsEntry("refreshTokenIdleSeconds", 7200L)
			.containsEntry("refreshTokenAbsoluteSeconds", 86400L);
		RegisteredClient registered = this.registeredClients.findByClientId(clientId);
		assertThat(registered.getClientSettings().isRequireAuthorizationConsent()).isFalse();
		assertThat(registered.getPostLogoutRedirectUris()).containsExactly("http://127.0.0.1/bye");
		assertThat(TesseraClientSettings.refreshTokenIdle(registered)).hasSeconds(7200);
		assertThat(TesseraClientSettings.refreshTokenAbsolute(registered)).hasSeconds(86400);
		assertThat(registered.getTokenSettings().getRefreshTokenTimeToLive()).hasSeconds(7200);

		Http.Response untouched = this.admin.patch(path, "{\"name\":\"Console 2\"}");
		assertThat(untouched.json()).containsEntry("firstParty", true)
			.containsEntry("refreshTokenIdleSeconds", 7200L)
			.containsEntry("postLogoutRedirectUris", List.of("http://127.0.0.1/bye"));

		Http.Response cleared = this.admin.patch(path, "{\"refreshTokenIdleSeconds\":null,"
				+ "\"refreshTokenAbsoluteSeconds\":null,\"postLogoutRedirectUris\":[],\"firstParty\":false}");
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(this.admin.get(path).json())
			.doesNotContainKeys("refreshTokenIdleSeconds", "refreshTokenAbsoluteSeconds")
			.containsEntry("firstParty", false)
			.containsEntry("postLogoutRedirectUris", List.of());
		RegisteredClient defaults = this.registeredClients.findByClientId(clientId);
		assertThat(defaults.getClientSettings().isRequireAuthorizationConsent()).isTrue();
		assertThat(TesseraClientSettings.refreshTokenIdle(defaults)).hasDays(7);
		assertThat(TesseraClientSettings.refreshTokenAbsolute(defaults)).hasDays(30);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					authorization_code without redirect | {"grantTypes":["authorization_code"],"authMethods":["none"]}                                                                        | redirectUris
					refresh_token alone                  | {"grantTypes":["refresh_token"],"authMethods":["client_secret_basic"]}                                                        | grantTypes
					public client credentials            | {"grantTypes":["client_credentials","authorization_code"],"authMethods":["none"],"redirectUris":["https://a.example/cb"]}     | authMethods
					none with another method             | {"grantTypes":["authorization_code"],"authMethods":["none","client_secret_basic"],"redirectUris":["https://a.example/cb"]}    | authMethods
					localhost over http                  | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["http://localhost:8080/cb"]}                        | redirectUris
					plain http elsewhere                 | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["http://a.example/cb"]}                            | redirectUris
					fragment                             | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["https://a.example/cb#x"]}                         | redirectUris
					wildcard                             | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["https://*.a.example/cb"]}                         | redirectUris
					userinfo                             | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["https://me@a.example/cb"]}                        | redirectUris
					post-logout without code             | {"grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"postLogoutRedirectUris":["https://a.example/bye"]} | postLogoutRedirectUris
					post-logout fragment                 | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["https://a.example/cb"],"postLogoutRedirectUris":["https://a.example/bye#x"]} | postLogoutRedirectUris
					first party without code             | {"grantTypes":["client_credentials"],"authMethods":["client_secret_basic"],"firstParty":true}                                | firstParty
					idle without refresh_token           | {"grantTypes":["authorization_code"],"authMethods":["none"],"redirectUris":["https://a.example/cb"],"refreshTokenIdleSeconds":3600} | refreshTokenIdleSeconds
					idle too short                       | {"grantTypes":["authorization_code","refresh_token"],"authMethods":["none"],"redirectUris":["https://a.example/cb"],"refreshTokenIdleSeconds":59} | refreshTokenIdleSeconds
					absolute above the cap               | {"grantTypes":["authorization_code","refresh_token"],"authMethods":["none"],"redirectUris":["https://a.example/cb"],"refreshTokenAbsoluteSeconds":7776001} | refreshTokenAbsoluteSeconds
					idle above absolute                  | {"grantTypes":["authorization_code","refresh_token"],"authMethods":["none"],"redirectUris":["https://a.example/cb"],"refreshTokenIdleSeconds":7200,"refreshTokenAbsoluteSeconds":3600} | refreshTokenIdleSeconds
					""")
	void badRegistrationsAreProblemsNamingTheField(String caseName, String fields, String field) {
		String clientId = uniqueId("bad");
		Http.Response response = this.admin.post("/admin/api/clients", "{\"clientId\":\"" + clientId
				+ "\",\"name\":\"bad\",\"scopes\":[\"orders:read\"]," + fields.substring(1));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		assertThat(this.admin.get("/admin/api/clients/" + clientId).status()).as("nothing stored").isEqualTo(404);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					idle too short            | {"refreshTokenIdleSeconds":10}                          | refreshTokenIdleSeconds
					idle above absolute       | {"refreshTokenIdleSeconds":90000}                       | refreshTokenIdleSeconds
					absolute above the cap    | {"refreshTokenAbsoluteSeconds":7776001}                 | refreshTokenAbsoluteSeconds
					localhost post-logout     | {"postLogoutRedirectUris":["http://localhost/bye"]}     | postLogoutRedirectUris
					no redirect left          | {"redirectUris":[]}                                     | redirectUris
					refresh without code      | {"grantTypes":["refresh_token"]}                        | grantTypes
					public client credentials | {"grantTypes":["authorization_code","client_credentials"]} | authMethods
					""")
	void badPatchesAreProblemsNamingTheFieldAndChangeNothing(String caseName, String body, String field) {
		String clientId = uniqueId("patched");
		String path = "/admin/api/clients/" + clientId;
		assertThat(this.admin
			.post("/admin/api/clients",
					"{\"clientId\":\"" + clientId
							+ "\",\"name\":\"p\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
							+ "\"authMethods\":[\"none\"],\"scopes\":[\"orders:read\"],"
							+ "\"redirectUris\":[\"http://127.0.0.1/cb\"],\"refreshTokenIdleSeconds\":3600,"
							+ "\"refreshTokenAbsoluteSeconds\":86400}")
			.status()).isEqualTo(201);
		Http.Response response = this.admin.patch(path, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
		assertThat(this.admin.get(path).json()).containsEntry("refreshTokenAbsoluteSeconds", 86400L)
			.containsEntry("refreshTokenIdleSeconds", 3600L)
			.containsEntry("redirectUris", List.of("http://127.0.0.1/cb"));
	}

}
