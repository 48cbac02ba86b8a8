package dev.tessera.auth.grant.authorizationcode;

import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jwt.SignedJWT;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Consent;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Outcome;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.user.signin.SignInThrottles;

import org.springframework.context.ApplicationContext;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared setup of the authorization-code tests: an operator token for the admin API,
 * people created through {@code POST /admin/api/users}, clients through
 * {@code POST /admin/api/clients}, authorization requests run in a
 * {@link BrowserSession}, and the token endpoint called as a public client (client_id and
 * code_verifier in the form) or a confidential one (client_secret_basic). Everything goes
 * over HTTP, as a real client and person would; nothing reaches into the server's beans
 * but the registrar that makes the operator client, as other admin API tests do, and the
 * sign-in throttle, cleared when the fixture is made (each test's setup) so that wrong
 * sign-ins elsewhere never throttle this test's.
 */
public final class AuthorizationCodeFlow {

	/** The audience registered for the flow's clients, so access tokens carry it. */
	public static final String AUDIENCE = "https://orders.example.test";

	public static final String LOOPBACK_REDIRECT = "http://127.0.0.1/callback";

	public static final String HTTPS_REDIRECT = "https://client.example.test/callback";

	private final String issuer;

	private final Http http;

	private final AdminApi admin;

	/**
	 * The fixture for the running server of {@code context} (a
	 * {@code TesseraServerTest}).
	 */
	public static AuthorizationCodeFlow of(ApplicationContext context) {
		return new AuthorizationCodeFlow(context);
	}

	private AuthorizationCodeFlow(ApplicationContext context) {
		// the throttle is per node and kept across test classes: start every test clean
		SignInThrottles.clear(context);
		String issuer = context.getEnvironment().getRequiredProperty("tessera.issuer");
		ClientRegistrar registrar = context.getBean(ClientRegistrar.class);
		this.issuer = issuer;
		this.http = new Http(issuer);
		IssuedSecret operator = registrar
			.register(ClientDraft.clientCredentials(null, "e2e operator", AdminScopes.ALL, Set.of(), Set.of(issuer)));
		Http.Response token = this.http.postForm("/oauth2/token", operator.clientId(), operator.clientSecret(),
				form("grant_type", "client_credentials", "scope", String.join(" ", AdminScopes.ALL)));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		this.admin = new AdminApi(issuer, (String) token.json().get("access_token"));
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:read\",\"description\":\"Read your orders\"}");
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:write\",\"description\":\"Change your orders\"}");
	}

	public String issuer() {
		return this.issuer;
	}

	public Http http() {
		return this.http;
	}

	/** The admin API with a token holding every admin scope and audit:read. */
	public AdminApi admin() {
		return this.admin;
	}

	// ---- people

	/** A new person (unique name) with {@code roles}, through the admin API. */
	public Person createUser(String... roles) {
		String username = "e2e-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
		String password = "Tessera e2e passphrase " + UUID.randomUUID();
		String json = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":["
				+ List.of(roles).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}";
		Http.Response created = this.admin.post("/admin/api/users", json);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new Person(username, password);
	}

	public record Person(String username, String password) {
	}

	// ---- clients

	/**
	 * A public client ({@code none}) of the flow: loopback redirect, openid, profile and
	 * orders:read, refresh tokens.
	 */
	public TestClient publicClient(boolean firstParty, String extraJson) {
		return register("{\"name\":\"E2E CLI\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"authMethods\":[\"none\"],\"scopes\":[\"openid\",\"profile\",\"orders:read\"],"
				+ "\"audiences\":[\"" + AUDIENCE + "\"],\"redirectUris\":[\"" + LOOPBACK_REDIRECT + "\"],"
				+ "\"firstParty\":" + firstParty + extraJson + "}");
	}

	/** A confidential client (client_secret_basic) with an https redirect. */
	public TestClient confidentialClient(boolean firstParty, String extraJson) {
		return register("{\"name\":\"E2E Web App\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"authMethods\":[\"client_secret_basic\"],"
				+ "\"scopes\":[\"openid\",\"profile\",\"orders:read\",\"orders:write\"]," + "\"audiences\":[\""
				+ AUDIENCE + "\"],\"redirectUris\":[\"" + HTTPS_REDIRECT + "\"]," + "\"firstParty\":" + firstParty
				+ extraJson + "}");
	}

	/**
	 * Registers a client from its full JSON; the first redirect URI becomes its default.
	 */
	@SuppressWarnings("unchecked")
	public TestClient register(String json) {
		Http.Response created = this.admin.post("/admin/api/clients", json);
		assertThat(created.status()).as(json + "\n" + created).isEqualTo(201);
		Map<String, Object> body = created.json();
		List<String> redirects = (List<String>) (List<?>) body.get("redirectUris");
		assertThat(redirects).as(created.toString()).isNotEmpty();
		return new TestClient((String) body.get("clientId"), (String) body.get("clientSecret"), redirects.get(0));
	}

	/** A registered client as the tests use it: no secret for a public client. */
	public record TestClient(String clientId, String secret, String redirectUri) {

		public boolean isPublic() {
			return this.secret == null;
		}

	}

	// ---- authorization endpoint

	/**
	 * A standard request of {@code client}: response_type code, its redirect URI, the
	 * scope, a fresh state and nonce, and an S256 challenge.
	 */
	public AuthorizeRequest request(TestClient client, String scope) {
		return new AuthorizeRequest(this.issuer, client, scope);
	}

	/** Runs {@code request} in a new browser as {@code person}. */
	public Outcome authorize(AuthorizeRequest request, Person person, Consent consent) {
		return authorize(new BrowserSession(this.issuer), request, person, consent);
	}

	/** Runs {@code request} in {@code browser}, which may be signed in already. */
	public Outcome authorize(BrowserSession browser, AuthorizeRequest request, Person person, Consent consent) {
		return browser.authorize(request.url(), person.username(), person.password(), consent);
	}

	/**
	 * The whole front channel ending with a code, checked for state and iss: for the
	 * tests whose subject is what comes after.
	 */
	public Outcome authorizeOk(AuthorizeRequest request, Person person, Consent consent) {
		Outcome outcome = authorize(request, person, consent);
		Map<String, String> parameters = outcome.parameters();
		assertThat(parameters).as(outcome.trace()).containsKey("code").doesNotContainKey("error");
		assertThat(parameters).containsEntry("state", request.state()).containsEntry("iss", this.issuer);
		return outcome;
	}

	/** An authorization request's parameters, changed freely by refusal tests. */
	public static final class AuthorizeRequest {

		private final String issuer;

		private final TestClient client;

		private final Map<String, String> parameters = new LinkedHashMap<>();

		private Pkce pkce = Pkce.s256();

		AuthorizeRequest(String issuer, TestClient client, String scope) {
			this.issuer = issuer;
			this.client = client;
			this.parameters.put("response_type", "code");
			this.parameters.put("client_id", client.clientId());
			this.parameters.put("redirect_uri", client.redirectUri());
			this.parameters.put("scope", scope);
			this.parameters.put("state", "st-" + UUID.randomUUID());
			this.parameters.put("nonce", "n-" + UUID.randomUUID());
			this.parameters.put("code_challenge", this.pkce.challenge());
			this.parameters.put("code_challenge_method", "S256");
		}

		public AuthorizeRequest with(String name, String value) {
			this.parameters.put(name, value);
			return this;
		}

		public AuthorizeRequest without(String name) {
			this.parameters.remove(name);
			return this;
		}

		public TestClient client() {
			return this.client;
		}

		public Pkce pkce() {
			return this.pkce;
		}

		public String state() {
			return this.parameters.get("state");
		}

		public String nonce() {
			return this.parameters.get("nonce");
		}

		public String redirectUri() {
			return this.parameters.get("redirect_uri");
		}

		public String url() {
			return this.issuer + "/oauth2/authorize?"
					+ this.parameters.entrySet()
						.stream()
						.map(e -> BrowserSession.encode(e.getKey()) + "=" + BrowserSession.encode(e.getValue()))
						.collect(Collectors.joining("&"));
		}

	}

	// ---- token endpoint

	/** Exchanges a code as {@code client} (the request's redirect URI and verifier). */
	public Http.Response exchange(AuthorizeRequest request, String code) {
		return exchange(request.client(), code, request.redirectUri(), request.pkce().verifier());
	}

	/** Exchanges a code; a null verifier leaves code_verifier out. */
	public Http.Response exchange(TestClient client, String code, String redirectUri, String verifier) {
		Map<String, String> form = form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);
		if (verifier != null) {
			form.put("code_verifier", verifier);
		}
		return token(client, form);
	}

	/** Exchanges a code and asserts that tokens came back. */
	public Tokens tokens(AuthorizeRequest request, String code) {
		return Tokens.of(exchange(request, code));
	}

	/** The whole flow for the tests of what comes after: a person's tokens. */
	public Tokens signInAndGetTokens(TestClient client, Person person, String scope) {
		AuthorizeRequest request = request(client, scope);
		Outcome outcome = authorizeOk(request, person, Consent.approveAll());
		return tokens(request, outcome.code());
	}

	public Http.Response refresh(TestClient client, String refreshToken) {
		return token(client, form("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	public Http.Response refresh(TestClient client, String refreshToken, String scope) {
		return token(client, form("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", scope));
	}

	/**
	 * A token request as {@code client}: client_id in the form when public, else Basic.
	 */
	public Http.Response token(TestClient client, Map<String, String> form) {
		if (client.isPublic()) {
			form.put("client_id", client.clientId());
			return this.http.postForm("/oauth2/token", null, null, form);
		}
		return this.http.postForm("/oauth2/token", client.clientId(), client.secret(), form);
	}

	public Map<String, Object> introspect(TestClient caller, String token) {
		Http.Response response = this.http.postForm("/oauth2/introspect", caller.clientId(), caller.secret(),
				form("token", token));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	public Http.Response revoke(TestClient caller, String token, String hint) {
		Map<String, String> form = form("token", token);
		if (hint != null) {
			form.put("token_type_hint", hint);
		}
		if (caller.isPublic()) {
			form.put("client_id", caller.clientId());
			return this.http.postForm("/oauth2/revoke", null, null, form);
		}
		return this.http.postForm("/oauth2/revoke", caller.clientId(), caller.secret(), form);
	}

	/** Asserts an RFC 6749 §5.2 error response with {@code error}. */
	public static Map<String, Object> assertTokenError(Http.Response response, String error) {
		assertThat(response.status()).as(response.toString()).isIn(400, 401);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
		Map<String, Object> body = response.json();
		assertThat(body).as(response.toString()).containsEntry("error", error).doesNotContainKey("access_token");
		return body;
	}

	/** A successful token response. */
	public record Tokens(String accessToken, String refreshToken, String idToken, String scope,
			Map<String, Object> body) {

		public static Tokens of(Http.Response response) {
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			Map<String, Object> body = response.json();
			assertThat(body).containsEntry("token_type", "Bearer").containsKey("access_token");
			return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"),
					(String) body.get("id_token"), (String) body.get("scope"), body);
		}

		public Map<String, Object> accessClaims() {
			try {
				return SignedJWT.parse(this.accessToken).getJWTClaimsSet().toJSONObject();
			}
			catch (ParseException ex) {
				throw new AssertionError("The access token is not a JWT: " + this.accessToken, ex);
			}
		}

	}

	static URI uri(String value) {
		return URI.create(value);
	}

}
