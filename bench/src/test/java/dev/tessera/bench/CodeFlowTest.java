package dev.tessera.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refresh scenario's code flow: what it reads from the sign-in page and the
 * redirects, and the whole flow against a scripted server that behaves as the contract
 * says Tessera does.
 */
class CodeFlowTest {

	@Test
	void readsTheCsrfFieldWhateverTheAttributeOrderQuotesAndReferences() {
		assertEquals("abc-_=", CodeFlow.csrfToken("""
				<form method="post" action="/login"><input type="hidden" name="_csrf" value="abc-_="/></form>"""));
		assertEquals("t&k=\"x\"",
				CodeFlow.csrfToken("<INPUT value='t&amp;k&#61;&quot;x&#x22;' NAME='_csrf' type=hidden>"),
				"single quotes, upper case, named, decimal and hex references");
		assertEquals("plain", CodeFlow.csrfToken("<input name=_csrf value=plain>"), "unquoted");
		assertEquals("second", CodeFlow.csrfToken("""
				<input type="hidden" name="_csrf_other" value="first">
				<input type="text" name="username" value="">
				<input
				    type="hidden"
				    name="_csrf"
				    value="second" />"""), "another field's name that starts alike, and attributes on lines");
		assertNull(CodeFlow.csrfToken("<form><input name=\"username\"></form>"), "no CSRF field");
		assertNull(CodeFlow.csrfToken("<p>name=\"_csrf\" value=\"not-an-input\"</p>"), "not inside an input");
	}

	@Test
	void resolvesLocationsAgainstTheRequest() {
		URI requested = URI.create("http://127.0.0.1:8080/login");
		assertEquals(URI.create("http://127.0.0.1:8080/oauth2/authorize?a=b&continue"),
				CodeFlow.resolve(requested, "/oauth2/authorize?a=b&continue"));
		assertEquals(URI.create("http://127.0.0.1/callback?code=c"),
				CodeFlow.resolve(requested, "http://127.0.0.1/callback?code=c"));
		assertEquals(URI.create("http://127.0.0.1:8080/login?error"), CodeFlow.resolve(requested, "login?error"));
		assertThrows(BenchmarkException.class, () -> CodeFlow.resolve(requested, "http://a b/"));
	}

	@Test
	void readsTheCodeAfterCheckingStateAndIssuer() {
		String issuer = "http://localhost:8080";
		URI callback = URI
			.create("http://127.0.0.1/callback?code=a%2Fb%2Bc&state=s1&iss=http%3A%2F%2Flocalhost%3A8080");
		assertEquals("a/b+c", CodeFlow.code(callback, "s1", issuer));

		BenchmarkException wrongState = assertThrows(BenchmarkException.class,
				() -> CodeFlow.code(callback, "s2", issuer));
		assertTrue(wrongState.getMessage().contains("state"), wrongState.getMessage());
		BenchmarkException wrongIssuer = assertThrows(BenchmarkException.class,
				() -> CodeFlow.code(callback, "s1", "http://localhost:9090"));
		assertTrue(wrongIssuer.getMessage().contains("RFC 9207"), wrongIssuer.getMessage());
		BenchmarkException noIssuer = assertThrows(BenchmarkException.class,
				() -> CodeFlow.code(URI.create("http://127.0.0.1/callback?code=c&state=s1"), "s1", issuer));
		assertTrue(noIssuer.getMessage().contains("iss"), noIssuer.getMessage());
		BenchmarkException error = assertThrows(BenchmarkException.class, () -> CodeFlow.code(URI.create(
				"http://127.0.0.1/callback?error=invalid_request&error_description=code_challenge+required&state=s1&iss=x"),
				"s1", issuer));
		assertTrue(error.getMessage().contains("error=invalid_request (code_challenge required)"), error.getMessage());
		assertThrows(BenchmarkException.class,
				() -> CodeFlow.code(URI.create("http://127.0.0.1/callback?state=s1&iss=" + issuer), "s1", issuer));
	}

	@Test
	void pkceS256AsRfc7636AppendixB() {
		assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
				CodeFlow.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
		String verifier = CodeFlow.newVerifier();
		assertEquals(43, verifier.length());
		assertTrue(verifier.matches("[A-Za-z0-9_-]+"), verifier);
		assertNotEquals(verifier, CodeFlow.newVerifier());
	}

	@Test
	void theCookieJarKeepsTheLatestValueOfEachCookieAndHonoursDeletion() {
		CodeFlow.CookieJar jar = new CodeFlow.CookieJar();
		assertNull(jar.header());
		jar.store(List.of("TESSERA_SESSION=one; Path=/; HttpOnly; SameSite=Lax"));
		assertEquals("TESSERA_SESSION=one", jar.header());
		jar.store(List.of("TESSERA_SESSION=two; Path=/; HttpOnly", "other=x"));
		assertEquals("TESSERA_SESSION=two; other=x", jar.header());
		jar.store(List.of("other=; Max-Age=0; Path=/"));
		assertEquals("TESSERA_SESSION=two", jar.header());
		jar.store(List.of("TESSERA_SESSION=gone; Max-Age=0"));
		assertNull(jar.header());
	}

	@Test
	void queryParametersAreDecodedAndTheFirstOfARepeatedNameWins() {
		assertEquals(Map.of("a", "1 2", "b", "", "c", "x=y"), CodeFlow.queryParameters("a=1+2&b&c=x%3Dy&a=3"));
		assertEquals(Map.of(), CodeFlow.queryParameters(null));
	}

	@Test
	void runsTheWholeFlowAndRotatesTheRefreshToken() throws Exception {
		try (FakeCodeFlowServer server = new FakeCodeFlowServer()) {
			CodeFlow flow = new CodeFlow(server.client(), server.issuer());
			CodeFlow.Tokens tokens = flow.run(server.node());
			assertEquals("eyJ.x.y", tokens.accessToken());
			assertEquals(1, server.signIns());
			CodeFlow.Tokens refreshed = flow.refresh(server.node(), tokens.refreshToken());
			assertNotEquals(tokens.refreshToken(), refreshed.refreshToken());
			// the rotated one is refused, as a used refresh token must be
			BenchmarkException reuse = assertThrows(BenchmarkException.class,
					() -> flow.refresh(server.node(), tokens.refreshToken()));
			assertTrue(reuse.getMessage().contains("HTTP 400") && reuse.getMessage().contains("invalid_grant"),
					reuse.getMessage());
			// each run is a new browser: a new session, a new sign-in
			flow.run(server.node());
			assertEquals(2, server.signIns());
			assertEquals(List.of(), server.failures());
		}
	}

	@Test
	void aWrongPasswordFailsNamingTheSignIn() throws Exception {
		try (FakeCodeFlowServer server = new FakeCodeFlowServer()) {
			RefreshClient right = server.client();
			RefreshClient wrong = new RefreshClient(right.clientId(), right.clientSecret(), right.redirectUri(),
					right.scope(), right.username(), "not the password");
			BenchmarkException failure = assertThrows(BenchmarkException.class,
					() -> new CodeFlow(wrong, server.issuer()).run(server.node()));
			assertTrue(failure.getMessage().contains("sign-in as alice failed"), failure.getMessage());
			assertTrue(failure.getMessage().contains("/login?error"), failure.getMessage());
			assertTrue(!failure.getMessage().contains("not the password"), "no password in messages");
		}
	}

	@Test
	void aRefusedTokenRequestFailsWithTheServersAnswer() throws Exception {
		try (FakeCodeFlowServer server = new FakeCodeFlowServer()) {
			RefreshClient right = server.client();
			RefreshClient wrong = new RefreshClient(right.clientId(), "wrong secret", right.redirectUri(),
					right.scope(), right.username(), right.password());
			BenchmarkException failure = assertThrows(BenchmarkException.class,
					() -> new CodeFlow(wrong, server.issuer()).run(server.node()));
			assertTrue(failure.getMessage().contains("grant_type=authorization_code: HTTP 401"), failure.getMessage());
			assertTrue(failure.getMessage().contains("invalid_client"), failure.getMessage());
		}
	}

}
