package dev.tessera.auth.grant.authorizationcode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.AuthorizeRequest;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Person;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.TestClient;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Tokens;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Consent;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Outcome;
import dev.tessera.auth.grant.authorizationcode.BrowserSession.Page;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.assertTokenError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the authorization code flow refuses, each for its own reason: PKCE (S256 only,
 * required, verified), exact redirect URIs (loopback ports apart, RFC 8252 §7.3) with an
 * error page instead of a redirect when the redirect URI cannot be trusted, single-use
 * and short-lived codes bound to their client, consent denied, and admin scopes narrowed
 * to the person's roles (refused only when nothing asked for remains).
 */
@TesseraServerTest
class AuthorizationCodeRefusalsTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	MutableClock clock;

	AuthorizationCodeFlow flow;

	Person person;

	@BeforeEach
	void setUp() {
		this.flow = AuthorizationCodeFlow.of(this.context);
		this.person = this.flow.createUser("USER");
	}

	// ---- PKCE at the authorization endpoint

	@Test
	void noCodeChallengeIsRedirectedAsInvalidRequest() {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid")
			.without("code_challenge")
			.without("code_challenge_method");

		Map<String, String> response = redirectedError(request, "invalid_request");

		assertThat(response.get("error_description")).as(response.toString()).contains("code_challenge");
	}

	@Test
	void noCodeChallengeIsRefusedForConfidentialClientsToo() {
		TestClient client = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid")
			.without("code_challenge")
			.without("code_challenge_method");

		Map<String, String> response = redirectedError(request, "invalid_request");

		assertThat(response.get("error_description")).as(response.toString()).contains("code_challenge");
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "S512", "s256" })
	void aChallengeMethodOtherThanS256IsRedirectedAsInvalidRequest(String method) {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid").with("code_challenge_method", method);

		Map<String, String> response = redirectedError(request, "invalid_request");

		assertThat(response.get("error_description")).as(response.toString()).contains("code_challenge_method");
	}

	@Test
	void aChallengeWithoutMethodIsRefusedRatherThanTakenAsPlain() {
		// RFC 7636 §4.3: an absent method means plain, which Tessera does not accept
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid").without("code_challenge_method");

		redirectedError(request, "invalid_request");
	}

	// ---- redirect URIs

	@Test
	void anUnknownClientGetsAnErrorPageNeverARedirect() {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid").with("client_id", "no-such-client");

		Page page = errorPage(request);

		assertThat(page.body()).contains("invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://attacker.example.test/callback", "https://client.example.test/callback/more",
			"https://client.example.test/callback?next=x", "https://client.example.test/Callback",
			"https://client.example.test:8443/callback", "http://client.example.test/callback",
			"https://client.example.test/callback#frag" })
	void aRedirectUriNotRegisteredExactlyGetsAnErrorPageNeverARedirect(String redirectUri) {
		TestClient client = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid").with("redirect_uri", redirectUri);

		errorPage(request);
	}

	@Test
	void aLoopbackRedirectMayUseAnyPort() {
		TestClient client = this.flow.publicClient(true, "");
		for (String redirect : List.of("http://127.0.0.1:54321/callback", "http://127.0.0.1:8080/callback")) {
			AuthorizeRequest request = this.flow.request(client, "openid").with("redirect_uri", redirect);
			Outcome outcome = this.flow.authorizeOk(request, this.person, Consent.notExpected());
			assertThat(outcome.redirect().getPort()).isEqualTo(java.net.URI.create(redirect).getPort());
			this.flow.tokens(request, outcome.code());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:54321/other", "http://127.0.0.1:54321/callback/x",
			"http://localhost:54321/callback", "http://[::1]:54321/callback", "https://127.0.0.1:54321/callback",
			"http://127.0.0.2:54321/callback" })
	void aLoopbackRedirectMayNotChangeAnythingButThePort(String redirectUri) {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid").with("redirect_uri", redirectUri);

		errorPage(request);
	}

	// ---- token endpoint: PKCE verification

	@Test
	void aWrongVerifierIsInvalidGrant() {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(client, code, request.redirectUri(), Pkce.s256().verifier()),
				"invalid_grant");
	}

	@Test
	void theChallengeItselfIsNotAVerifier() {
		TestClient client = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(client, code, request.redirectUri(), request.pkce().challenge()),
				"invalid_grant");
	}

	@Test
	void noVerifierFromAConfidentialClientIsInvalidGrant() {
		TestClient client = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(client, code, request.redirectUri(), null), "invalid_grant");
	}

	@Test
	void noVerifierFromAPublicClientIsRefused() {
		// A public client authenticates by its code_verifier (Spring's
		// PublicClientAuthenticationConverter), so without one it is not authenticated
		// at all: RFC 6749 JSON, no tokens
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		Http.Response response = this.flow.exchange(client, code, request.redirectUri(), null);

		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertTokenError(response, "invalid_client");
	}

	@Test
	void theRedirectUriMustMatchTheAuthorizationRequest() {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid")
			.with("redirect_uri", "http://127.0.0.1:40000/callback");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(client, code, "http://127.0.0.1:40001/callback", request.pkce().verifier()),
				"invalid_grant");
	}

	// ---- codes: single use, bound to the client, short-lived

	@Test
	void aReusedCodeIsRefusedAndRevokesWhatItIssued() {
		TestClient client = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(client, "openid orders:read");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();
		Tokens first = this.flow.tokens(request, code);
		assertThat(this.flow.introspect(client, first.accessToken())).containsEntry("active", true);

		Map<String, Object> error = assertTokenError(this.flow.exchange(request, code), "invalid_grant");

		assertThat(error).doesNotContainKey("refresh_token");
		assertThat(this.flow.introspect(client, first.accessToken())).as("RFC 6749 §4.1.2: tokens of a reused code")
			.containsEntry("active", false)
			.hasSize(1);
		assertTokenError(this.flow.refresh(client, first.refreshToken()), "invalid_grant");
		assertThat(AuditTestSupport
			.events(this.flow.admin().get("/admin/api/audit?operation=token.code_reuse&clientId=" + client.clientId())))
			.isNotEmpty();
	}

	@Test
	void aCodeIsRefusedToAnotherClient() {
		TestClient owner = this.flow.confidentialClient(true, "");
		TestClient other = this.flow.confidentialClient(true, "");
		AuthorizeRequest request = this.flow.request(owner, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(other, code, request.redirectUri(), request.pkce().verifier()),
				"invalid_grant");
	}

	@Test
	void aCodeIsRefusedToAnotherPublicClient() {
		TestClient owner = this.flow.publicClient(true, "");
		TestClient other = this.flow.publicClient(true, "");
		AuthorizeRequest request = this.flow.request(owner, "openid");
		String code = this.flow.authorizeOk(request, this.person, Consent.notExpected()).code();

		assertTokenError(this.flow.exchange(other, code, request.redirectUri(), request.pkce().verifier()),
				"invalid_grant");
	}

	@Test
	void aCodeLivesSixtySeconds() {
		TestClient client = this.flow.publicClient(true, "");
		AuthorizeRequest fresh = this.flow.request(client, "openid");
		String freshCode = this.flow.authorizeOk(fresh, this.person, Consent.notExpected()).code();
		AuthorizeRequest stale = this.flow.request(client, "openid");
		String staleCode = this.flow.authorizeOk(stale, this.person, Consent.notExpected()).code();

		this.clock.advance(Duration.ofSeconds(50));
		this.flow.tokens(fresh, freshCode);
		this.clock.advance(Duration.ofSeconds(11));

		Map<String, Object> error = assertTokenError(this.flow.exchange(stale, staleCode), "invalid_grant");
		assertThat(error).as("no more than RFC 6749 lets out").doesNotContainKey("code");
	}

	// ---- the person's answers and role

	@Test
	void deniedConsentIsRedirectedAsAccessDenied() {
		TestClient client = this.flow.confidentialClient(false, "");
		AuthorizeRequest request = this.flow.request(client, "openid orders:read");

		Outcome outcome = this.flow.authorize(request, this.person, Consent.deny());

		assertThat(outcome.consentShown()).isTrue();
		assertThat(outcome.parameters()).as(outcome.trace())
			.containsEntry("error", "access_denied")
			.containsEntry("state", request.state())
			.containsEntry("iss", this.flow.issuer())
			.doesNotContainKey("code");
	}

	@Test
	void aConsentPostedWithoutTheFormsCsrfTokenIssuesNoCode() {
		TestClient client = this.flow.confidentialClient(false, "");
		AuthorizeRequest request = this.flow.request(client, "openid orders:read");
		for (String token : new String[] { null, "forged" }) {
			Outcome outcome = this.flow.authorize(request, this.person, (browser, page) -> {
				BrowserSession.Form form = page.consentForm();
				java.util.Map<String, java.util.List<String>> fields = form.fieldsForSubmit();
				fields.remove("_csrf");
				if (token != null) {
					fields.put("_csrf", java.util.List.of(token));
				}
				return browser.post(form.action(page.uri()), fields);
			});
			assertThat(outcome.consentShown()).isTrue();
			assertThat(outcome.redirect()).as(outcome.trace()).isNull();
			assertThat(outcome.page().status()).as(outcome.trace()).isEqualTo(403);
		}
	}

	@Test
	void denyingAfterAnEarlierApprovalGrantsNothingAndWithdrawsTheConsent() {
		TestClient client = this.flow.confidentialClient(false, "");
		AuthorizeRequest first = this.flow.request(client, "openid orders:read");
		this.flow.authorizeOk(first, this.person, Consent.approveAll());

		AuthorizeRequest more = this.flow.request(client, "openid orders:read orders:write");
		Outcome denied = this.flow.authorize(more, this.person, Consent.deny());

		assertThat(denied.consentShown()).isTrue();
		assertThat(denied.parameters()).as("Spring would re-add orders:read and issue a code: " + denied.trace())
			.containsEntry("error", "access_denied")
			.doesNotContainKey("code");
		AuthorizeRequest again = this.flow.request(client, "openid orders:read");
		assertThat(this.flow.authorize(again, this.person, Consent.deny()).consentShown())
			.as("the earlier consent was withdrawn, so it is asked for again")
			.isTrue();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPersonsAdminScopesAreNarrowedToTheirRolesNotRefused() {
		TestClient console = console(true, AdminScopes.ALL);
		String everything = "openid " + String.join(" ", AdminScopes.ALL);
		Person auditor = this.flow.createUser("AUDITOR");
		Person admin = this.flow.createUser("ADMIN");

		Tokens auditorTokens = this.flow.signInAndGetTokens(console, auditor, everything);
		assertGranted(auditorTokens, "admin:read", "audit:read", "openid");
		assertThat(auditorTokens.accessClaims()).containsEntry("sub", auditor.username());
		assertGranted(this.flow.signInAndGetTokens(console, this.person, everything), "openid");
		assertGranted(this.flow.signInAndGetTokens(console, admin, everything), "admin:clients", "admin:keys",
				"admin:users", "admin:read", "audit:read", "openid");

		List<Map<String, Object>> codes = AuditTestSupport.events(
				this.flow.admin().get("/admin/api/audit?operation=authorization.code&principal=" + auditor.username()));
		assertThat(codes).hasSize(1);
		assertThat((Map<String, Object>) codes.get(0).get("detail")).as("what the roles took out is on record")
			.containsEntry("scopeNarrowed", "admin:clients admin:keys admin:users")
			.containsEntry("clientId", console.clientId());
	}

	@Test
	@SuppressWarnings("unchecked")
	void aRequestLeftWithNoScopeByTheRolesIsAccessDenied() {
		TestClient console = console(true, AdminScopes.ALL);

		AuthorizeRequest adminOnly = this.flow.request(console, "admin:read admin:clients");
		Outcome outcome = this.flow.authorize(adminOnly, this.person, Consent.notExpected());
		assertThat(outcome.parameters()).as(outcome.trace())
			.containsEntry("error", "access_denied")
			.containsEntry("state", adminOnly.state())
			.containsEntry("iss", this.flow.issuer())
			.doesNotContainKey("code");
		assertThat(outcome.parameters().get("error_description")).contains("[admin:clients, admin:read]");
		List<Map<String, Object>> refusals = AuditTestSupport.events(this.flow.admin()
			.get("/admin/api/audit?operation=authorization.refuse&principal=" + this.person.username()));
		assertThat(refusals).singleElement()
			.extracting(event -> (Map<String, Object>) event.get("detail"))
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("error", "access_denied")
			.containsEntry("scopeNarrowed", "admin:clients admin:read");
	}

	@Test
	void anAdminScopeTheClientDoesNotHoldIsStillInvalidScopeWhoeverAsks() {
		TestClient console = console(true, List.of("admin:read"));

		AuthorizeRequest asked = this.flow.request(console, "openid admin:keys");
		Outcome outcome = this.flow.authorize(asked, this.person, Consent.notExpected());
		assertThat(outcome.parameters()).as("Spring's check, not hidden by the narrowing: " + outcome.trace())
			.containsEntry("error", "invalid_scope")
			.doesNotContainKey("code");
	}

	@Test
	void theConsentPageOffersOnlyTheScopesLeftByTheRoles() {
		TestClient thirdParty = console(false, AdminScopes.ALL);
		Person auditor = this.flow.createUser("AUDITOR");
		List<String> offered = new ArrayList<>();
		Consent recordAndApprove = (browser, page) -> {
			offered.addAll(page.consentForm().checkboxValues("scope"));
			offered.addAll(page.consentForm().fieldsForSubmit().getOrDefault("scope", List.of()));
			return Consent.approveAll().answer(browser, page);
		};

		AuthorizeRequest asked = this.flow.request(thirdParty, "openid admin:read admin:keys audit:read");
		Outcome outcome = this.flow.authorizeOk(asked, auditor, recordAndApprove);

		assertThat(outcome.consentShown()).isTrue();
		assertThat(offered).containsExactlyInAnyOrder("admin:read", "audit:read", "openid");
		assertGranted(this.flow.tokens(asked, outcome.code()), "admin:read", "audit:read", "openid");
	}

	@Test
	void aPersonDemotedOrDisabledWhileSignedInGetsNothingMoreFromTheSession() {
		TestClient console = console(true, List.of("admin:read"));
		Person auditor = this.flow.createUser("AUDITOR");
		BrowserSession browser = new BrowserSession(this.flow.issuer());
		AuthorizeRequest reading = this.flow.request(console, "admin:read");
		assertThat(this.flow.authorize(browser, reading, auditor, Consent.notExpected()).code()).isNotBlank();

		Http.Response demoted = this.flow.admin()
			.patch("/admin/api/users/" + auditor.username(), "{\"roles\":[\"USER\"]}");
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
		Outcome again = this.flow.authorize(browser, this.flow.request(console, "admin:read"), auditor,
				Consent.notExpected());
		assertThat(again.signInShown()).as("the session is still there").isFalse();
		assertThat(again.parameters()).as(again.trace())
			.containsEntry("error", "access_denied")
			.doesNotContainKey("code");
		AuthorizeRequest signingIn = this.flow.request(console, "openid admin:read");
		Outcome narrowed = this.flow.authorize(browser, signingIn, auditor, Consent.notExpected());
		assertGranted(this.flow.tokens(signingIn, narrowed.code()), "openid");

		Http.Response disabled = this.flow.admin()
			.patch("/admin/api/users/" + auditor.username(), "{\"enabled\":false}");
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		Outcome afterDisable = this.flow.authorize(browser, this.flow.request(console, "openid"), auditor,
				Consent.notExpected());
		assertThat(afterDisable.parameters()).as(afterDisable.trace())
			.containsEntry("error", "access_denied")
			.doesNotContainKey("code");
	}

	/** A public client acting for people, holding openid and the given admin scopes. */
	private TestClient console(boolean firstParty, Collection<String> adminScopes) {
		return this.flow.register("{\"name\":\"E2E console\","
				+ "\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"authMethods\":[\"none\"],"
				+ "\"scopes\":[\"openid\",\"" + String.join("\",\"", adminScopes) + "\"],\"redirectUris\":[\""
				+ AuthorizationCodeFlow.LOOPBACK_REDIRECT + "\"],\"firstParty\":" + firstParty + "}");
	}

	/**
	 * The token response's {@code scope} and the access token's {@code scope} claim (a
	 * space-separated string, RFC 9068) both say exactly what was granted.
	 */
	static void assertGranted(Tokens tokens, String... scopes) {
		assertThat(tokens.scope().split(" ")).containsExactlyInAnyOrder(scopes);
		assertThat(((String) tokens.accessClaims().get("scope")).split(" ")).containsExactlyInAnyOrder(scopes);
	}

	// ---- helpers

	/** The flow ended at the client's redirect URI with {@code error}, state and iss. */
	Map<String, String> redirectedError(AuthorizeRequest request, String error) {
		Outcome outcome = this.flow.authorize(request, this.person, Consent.notExpected());
		Map<String, String> parameters = outcome.parameters();
		assertThat(parameters).as(outcome.trace())
			.containsEntry("error", error)
			.containsEntry("state", request.state())
			.containsEntry("iss", this.flow.issuer())
			.doesNotContainKey("code");
		AuthorizationCodeFlowIntegrationTest.assertRedirectedTo(outcome.redirect(), request.redirectUri());
		return parameters;
	}

	/** The flow ended on the server's own 400 HTML error page, not at any redirect. */
	Page errorPage(AuthorizeRequest request) {
		Outcome outcome = this.flow.authorize(request, this.person, Consent.notExpected());
		assertThat(outcome.redirect()).as("never redirected to an untrusted URI:\n" + outcome.trace()).isNull();
		Page page = outcome.page();
		assertThat(page.status()).as(outcome.trace()).isEqualTo(400);
		assertThat(page.header("Location")).isNull();
		assertThat(page.header("Content-Type")).startsWith("text/html");
		return page;
	}

}
