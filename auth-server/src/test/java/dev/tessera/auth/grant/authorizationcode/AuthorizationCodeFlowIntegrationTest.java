package dev.tessera.auth.grant.authorizationcode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.AuthorizeRequest;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Person;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.TestClient;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Tokens;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Consent;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Outcome;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Page;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow with PKCE end to end over HTTP, as a person's browser (a
 * cookie jar, every redirect seen) and a client see it: authorize → sign-in page → CSRF
 * token → sign-in → consent where the client is third-party → code at the client's
 * redirect URI with state and iss → token exchange → tokens verified through the JWKS as
 * a resource server and an OpenID Connect client would → userinfo.
 */
@TesseraServerTest
class AuthorizationCodeFlowIntegrationTest {

	@Autowired
	ApplicationContext context;

	AuthorizationCodeFlow flow;

	String issuer;

	@BeforeEach
	void setUp() {
		this.flow = AuthorizationCodeFlow.of(this.context);
		this.issuer = this.flow.issuer();
	}

	@Test
	void publicFirstPartyClientSignsAPersonInWithoutConsent() {
		Person person = this.flow.createUser("USER");
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid profile orders:read");

		Outcome outcome = this.flow.authorizeOk(request, person, Consent.notExpected());

		assertThat(outcome.signInShown()).as("the person was asked to sign in").isTrue();
		assertThat(outcome.consentShown()).as("a first-party client skips consent").isFalse();
		assertRedirectedTo(outcome.redirect(), client.redirectUri());
		assertThat(outcome.parameters()).containsOnlyKeys("code", "state", "iss");

		Tokens tokens = this.flow.tokens(request, outcome.code());
		assertThat(tokens.refreshToken()).as("a refresh token for a client registered for one").isNotBlank();
		assertThat(tokens.scope().split(" ")).containsExactlyInAnyOrder("openid", "profile", "orders:read");
		Jwt access = assertAccessToken(tokens, person, client);
		assertThat(access.getClaimAsString("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile",
				"orders:read");
		assertIdToken(tokens, person, client, request.nonce());
		assertUserInfo(tokens, person);
	}

	@Test
	void confidentialThirdPartyClientAsksForConsentOnce() {
		Person person = this.flow.createUser("USER");
		TestClient client = this.flow.confidentialClient(false, "");
		AuthorizeRequest request = this.flow.request(client, "openid orders:read orders:write");

		Outcome outcome = this.flow.authorizeOk(request, person, Consent.approveAll());

		assertThat(outcome.signInShown()).isTrue();
		assertThat(outcome.consentShown()).as("a third-party client gets the person's consent").isTrue();
		assertRedirectedTo(outcome.redirect(), client.redirectUri());

		Tokens tokens = this.flow.tokens(request, outcome.code());
		assertThat(tokens.scope().split(" ")).containsExactlyInAnyOrder("openid", "orders:read", "orders:write");
		assertAccessToken(tokens, person, client);
		assertIdToken(tokens, person, client, request.nonce());
		assertUserInfo(tokens, person);
		Map<String, Object> introspected = this.flow.introspect(client, tokens.accessToken());
		assertThat(introspected).containsEntry("active", true)
			.containsEntry("sub", person.username())
			.containsEntry("client_id", client.clientId());

		// the same scopes again: the consent given is remembered
		AuthorizeRequest again = this.flow.request(client, "openid orders:read");
		Outcome second = this.flow.authorizeOk(again, person, Consent.notExpected());
		assertThat(second.consentShown()).isFalse();
		this.flow.tokens(again, second.code());
	}

	@Test
	void aPersonMayConsentToFewerScopesThanAsked() {
		Person person = this.flow.createUser("USER");
		TestClient client = this.flow.confidentialClient(false, "");
		AuthorizeRequest request = this.flow.request(client, "openid orders:read orders:write");

		Outcome outcome = this.flow.authorizeOk(request, person, Consent.approve(List.of("orders:read")));

		Tokens tokens = this.flow.tokens(request, outcome.code());
		assertThat(tokens.scope().split(" ")).as("openid needs no consent of its own; orders:write was refused")
			.containsExactlyInAnyOrder("openid", "orders:read");
		assertThat(tokens.accessClaims().get("scope").toString()).doesNotContain("orders:write");
	}

	@Test
	void endSessionSignsThePersonOutAndReturnsToARegisteredUriOnly() {
		String signedOut = "http://127.0.0.1/signed-out";
		Person person = this.flow.createUser("USER");
		TestClient client = this.flow.publicClient(true, ",\"postLogoutRedirectUris\":[\"" + signedOut + "\"]");
		BrowserSession browser = new BrowserSession(this.issuer);
		AuthorizeRequest request = this.flow.request(client, "openid");
		Tokens tokens = this.flow.tokens(request,
				this.flow.authorize(browser, request, person, Consent.notExpected()).code());
		Outcome signedIn = this.flow.authorize(browser, this.flow.request(client, "openid"), person,
				Consent.notExpected());
		assertThat(signedIn.signInShown()).as("the session signs the person in without a password").isFalse();

		Page foreign = endSession(browser, tokens.idToken(), "https://attacker.example.test/", "x");
		assertThat(foreign.isRedirect() ? foreign.location().getHost() : null).as(browser.trace())
			.isNotEqualTo("attacker.example.test");

		Page loggedOut = endSession(browser, tokens.idToken(), signedOut, "bye");
		assertThat(loggedOut.isRedirect()).as(browser.trace()).isTrue();
		assertThat(loggedOut.location()).isEqualTo(URI.create(signedOut + "?state=bye"));
		Outcome afterwards = this.flow.authorize(browser, this.flow.request(client, "openid"), person,
				Consent.notExpected());
		assertThat(afterwards.signInShown()).as("signed out: the password is asked again").isTrue();
	}

	/** GET /connect/logout, answering a confirmation page if the server shows one. */
	private Page endSession(BrowserSession browser, String idToken, String postLogoutRedirectUri, String state) {
		Page page = browser.get("/connect/logout?id_token_hint=" + BrowserSession.encode(idToken)
				+ "&post_logout_redirect_uri=" + BrowserSession.encode(postLogoutRedirectUri) + "&state=" + state);
		if (page.status() == 200) {
			BrowserSession.Form confirm = page.forms()
				.stream()
				.filter(f -> f.action(page.uri()).getPath().endsWith("logout"))
				.findFirst()
				.orElse(null);
			if (confirm != null) {
				return browser.post(confirm.action(page.uri()), confirm.fieldsForSubmit());
			}
		}
		return page;
	}

	/**
	 * What {@code bin/tessera-dev} relies on: the console's client and the dev admin the
	 * development bootstrap wrote to the data directory sign the admin in, with every
	 * admin scope, as the console does (confidential, Basic, PKCE).
	 */
	@Test
	void theDevelopmentConsoleClientSignsTheDevAdminInWithEveryAdminScope() throws Exception {
		Path dataDir = this.context.getBean(TesseraProperties.class).dataDir();
		Properties client = properties(dataDir.resolve("admin-ui-client.properties"));
		Properties admin = properties(dataDir.resolve("admin-user.properties"));
		TestClient console = new TestClient(client.getProperty("client_id"), client.getProperty("client_secret"),
				"http://127.0.0.1:9001/login/oauth2/code/tessera");
		String everything = "openid profile " + String.join(" ", AdminScopes.ALL);

		Tokens tokens = this.flow.signInAndGetTokens(console,
				new Person(admin.getProperty("username"), admin.getProperty("password")), everything);

		AuthorizationCodeRefusalsTest.assertGranted(tokens, everything.split(" "));
		Map<String, Object> claims = tokens.accessClaims();
		assertThat(claims).containsEntry("sub", "admin").containsEntry("aud", this.issuer);
		assertThat((Long) claims.get("exp") - (Long) claims.get("iat")).as("the console's 5-minute tokens")
			.isEqualTo(300L);
		assertThat(tokens.idToken()).isNotBlank();
		assertThat(tokens.refreshToken()).isNotBlank();
	}

	private static Properties properties(Path file) throws IOException {
		Properties properties = new Properties();
		try (var reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		return properties;
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryListsWhatNowWorks() {
		for (String document : List.of("/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server")) {
			Map<String, Object> metadata = this.flow.http().get(document).json();
			assertThat(metadata).as(document)
				.containsEntry("issuer", this.issuer)
				.containsEntry("authorization_endpoint", this.issuer + "/oauth2/authorize")
				.containsEntry("token_endpoint", this.issuer + "/oauth2/token");
			assertThat((List<Object>) metadata.get("grant_types_supported")).as(document)
				.contains("authorization_code", "refresh_token", "client_credentials")
				.doesNotContain("password", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
						"urn:ietf:params:oauth:grant-type:token-exchange");
			assertThat(metadata.get("response_types_supported")).as(document).isEqualTo(List.of("code"));
			assertThat(metadata.get("code_challenge_methods_supported")).as(document).isEqualTo(List.of("S256"));
			assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported")).as(document)
				.contains("none", "client_secret_basic");
			assertThat(metadata.get("authorization_response_iss_parameter_supported")).as(document + " (RFC 9207)")
				.isEqualTo(true);
		}
		Map<String, Object> oidc = this.flow.http().get("/.well-known/openid-configuration").json();
		assertThat(oidc).containsEntry("userinfo_endpoint", this.issuer + "/userinfo")
			.containsEntry("end_session_endpoint", this.issuer + "/connect/logout");
		assertThat((List<Object>) oidc.get("scopes_supported")).contains("openid");
		assertThat((List<Object>) oidc.get("subject_types_supported")).contains("public");
		assertThat((List<Object>) oidc.get("id_token_signing_alg_values_supported")).isNotEmpty();
	}

	/** The redirect went to the registered URI itself: same scheme, host and path. */
	static void assertRedirectedTo(URI redirect, String registered) {
		URI expected = URI.create(registered);
		assertThat(redirect.getScheme()).isEqualTo(expected.getScheme());
		assertThat(redirect.getHost()).isEqualTo(expected.getHost());
		assertThat(redirect.getPath()).isEqualTo(expected.getPath());
	}

	/** The access token as a resource server sees it (RFC 9068, keys from the JWKS). */
	Jwt assertAccessToken(Tokens tokens, Person person, TestClient client) {
		Jwt access = ResourceServerVerifier.forIssuer(this.issuer, AuthorizationCodeFlow.AUDIENCE)
			.decode(tokens.accessToken());
		assertThat(access.getSubject()).as("the person is the subject").isEqualTo(person.username());
		assertThat(access.getClaimAsString("client_id")).isEqualTo(client.clientId());
		assertThat(access.getAudience()).containsExactly(AuthorizationCodeFlow.AUDIENCE);
		return access;
	}

	/** The ID token as an OpenID Connect client verifies it (OIDC Core §3.1.3.7). */
	Jwt assertIdToken(Tokens tokens, Person person, TestClient client, String nonce) {
		assertThat(tokens.idToken()).as("an ID token, since openid was asked for").isNotBlank();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(this.issuer + "/oauth2/jwks")
			.jwsAlgorithms(algorithms -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
			.build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), new JwtIssuerValidator(this.issuer)));
		Jwt id = decoder.decode(tokens.idToken());
		assertThat(id.getSubject()).isEqualTo(person.username());
		assertThat(id.getAudience()).containsExactly(client.clientId());
		assertThat(id.getClaimAsString("nonce")).as("the nonce is echoed").isEqualTo(nonce);
		assertThat(id.getIssuedAt()).isNotNull();
		assertThat(id.getExpiresAt()).isNotNull();
		return id;
	}

	void assertUserInfo(Tokens tokens, Person person) {
		Http.Response userInfo = this.flow.http()
			.get("/userinfo", "Authorization", "Bearer " + tokens.accessToken(), "Accept", "application/json");
		assertThat(userInfo.status()).as(userInfo.toString()).isEqualTo(200);
		assertThat(userInfo.json()).containsEntry("sub", person.username());
	}

}
