package dev.tessera.auth.user.signin;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.scope.Scope;
import dev.tessera.auth.scope.ScopeRepository;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people-facing pages over real HTTP with a cookie jar, as a browser without
 * JavaScript would use them: sign-in (accessible markup, security headers, no framework
 * fingerprints, one message for every refusal), the throttle (429 from one address while
 * the real user signs in from another), sign-out, the consent page, and the authorization
 * error page.
 */
@TesseraServerTest
class SignInPagesTest {

	static final String PASSWORD = "a long test password 4 sign-in pages";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	AppUserRepository users;

	@Autowired
	PasswordEncoder passwords;

	@Autowired
	SignInThrottle throttle;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuthorizationErrorPage authorizationErrorPage;

	String username;

	@BeforeEach
	void createUser() {
		this.throttle.clear();
		this.username = "pages-" + Long.toHexString(System.nanoTime());
		this.users.save(new AppUser(this.username, this.passwords.encode(PASSWORD), Set.of("USER"), Instant.now()));
	}

	@AfterEach
	void removeUser() {
		this.users.deleteById(this.username);
		this.throttle.clear();
	}

	@Test
	void theSignInPageIsAccessibleAndCarriesTheSecurityHeadersAndNoFrameworkFingerprints() {
		Browser browser = browser("127.0.0.1");
		HttpResponse<String> page = browser.get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		String html = page.body();
		dump("login.html", browser.get("/login?error").body());
		assertThat(html).contains("<html lang=\"en\"")
			.contains("<main")
			.contains("<label for=\"username\">")
			.contains("<label for=\"password\">")
			.contains("id=\"username\"")
			.contains("id=\"password\"")
			.contains("autocomplete=\"username\"")
			.contains("autocomplete=\"current-password\"")
			.contains("<link rel=\"stylesheet\" href=\"/assets/tessera-1.css\">")
			.doesNotContain("<script")
			.doesNotContain("style=")
			.doesNotContain("<style")
			.doesNotContain("aria-describedby");
		assertThat(count(html, "<h1")).isEqualTo(1);
		assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("spring").doesNotContain("whitelabel");
		assertPageHeaders(page);
		List<String> cookies = page.headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("TESSERA_SESSION=")
			.contains("HttpOnly")
			.containsIgnoringCase("SameSite=Lax")
			.doesNotContainIgnoringCase("Secure"));
		assertThat(String.join(" ", cookies)).doesNotContain("JSESSIONID");
	}

	@Test
	void theStyleSheetIsCachedForAYear() {
		HttpResponse<String> css = browser("127.0.0.1").get("/assets/tessera-1.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
		assertThat(css.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000")
			.doesNotContain("no-store");
		assertThat(css.headers().firstValue("Server")).isEmpty();
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameMessageAndAreAudited() {
		Browser browser = browser("127.0.0.1");
		HttpResponse<String> wrong = browser.signIn(this.username, "not the password at all");
		assertThat(wrong.statusCode()).isEqualTo(302);
		assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		String wrongPage = browser.get("/login?error").body();
		HttpResponse<String> unknown = browser.signIn(this.username + "-nobody", "not the password at all");
		assertThat(unknown.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		String unknownPage = browser.get("/login?error").body();
		assertThat(withoutCsrf(wrongPage)).isEqualTo(withoutCsrf(unknownPage));
		assertThat(wrongPage).contains("Wrong username or password.")
			.contains("id=\"sign-in-error\"")
			.contains("aria-describedby=\"sign-in-error\"")
			.contains("aria-invalid=\"true\"");
		Map<String, Object> event = this.jdbc.queryForMap(
				"select outcome, detail, principal_type from audit_event where operation = 'user.authenticate' and principal = ?",
				this.username);
		assertThat(event).containsEntry("outcome", "business_error").containsEntry("principal_type", "user");
		assertThat((String) event.get("detail")).doesNotContain("not the password");
	}

	@Test
	void aSignInFormWhoseSessionExpiredLeadsBackToAFreshSignInPage() {
		Browser browser = browser("127.0.0.1");
		browser.get("/login");
		HttpResponse<String> stale = browser.post("/login",
				Map.of("username", this.username, "password", PASSWORD, "_csrf", "a-token-from-an-old-session"));
		assertThat(stale.statusCode()).isEqualTo(302);
		assertThat(stale.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
		assertThat(browser.get("/login?expired").body()).contains("The sign-in page had expired.");
	}

	@Test
	void repeatedWrongPasswordsFromOneAddressAreThrottledWhileTheRightPasswordFromAnotherStillSignsIn() {
		Browser attacker = browser("127.0.0.1");
		int refusedByPassword = 0;
		HttpResponse<String> throttled = null;
		for (int attempt = 0; attempt < 12 && throttled == null; attempt++) {
			HttpResponse<String> response = attacker.signIn(this.username, "guess number " + attempt);
			if (response.statusCode() == 429) {
				throttled = response;
			}
			else {
				assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
				refusedByPassword++;
			}
		}
		assertThat(throttled).as("throttled within 12 attempts").isNotNull();
		assertThat(refusedByPassword).as("five free attempts, each counted before its password is checked")
			.isEqualTo(5);
		long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isPositive();
		assertThat(throttled.body()).contains("Too many attempts: try again in " + retryAfter + " second")
			.contains("role=\"alert\"");
		assertPageHeaders(throttled);
		// even the right password waits from that address
		assertThat(attacker.signIn(this.username, PASSWORD).statusCode()).isEqualTo(429);

		Map<String, Object> event = this.jdbc.queryForList(
				"select outcome, detail, source_ip from audit_event where operation = 'user.throttle' and principal = ?",
				this.username)
			.get(0);
		assertThat(event).containsEntry("outcome", "business_error").containsEntry("source_ip", "127.0.0.1");
		assertThat((String) event.get("detail")).contains("\"reason\":\"username_address\"")
			.contains("\"retryAfterSeconds\":" + retryAfter);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'user.authenticate' and principal = ?",
				Integer.class, this.username))
			.as("a throttled attempt checks no password")
			.isEqualTo(5);

		Browser user = browser("[::1]");
		HttpResponse<String> signedIn = user.signIn(this.username, PASSWORD);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'user.authenticate' and principal = ? and outcome = 'success'",
				Integer.class, this.username))
			.isEqualTo(1);
	}

	@Test
	void signingOutTakesAConfirmedPostWithItsCsrfTokenAndIsAudited() {
		Browser browser = browser("127.0.0.1");
		assertThat(browser.signIn(this.username, PASSWORD).statusCode()).isEqualTo(302);
		HttpResponse<String> confirm = browser.get("/logout");
		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(confirm.body()).contains("<form method=\"post\" action=\"/logout\">").contains("name=\"_csrf\"");
		assertPageHeaders(confirm);
		assertThat(browser.post("/logout", Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
		HttpResponse<String> signedOut = browser.post("/logout", Map.of("_csrf", csrf(confirm.body())));
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
		assertThat(browser.get("/login?logout").body()).contains("You have signed out.");
		assertThat(browser.get("/oauth2/consent?client_id=x&state=y").statusCode()).as("the session is gone")
			.isEqualTo(302);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'user.sign_out' and principal = ? and outcome = 'success'",
				Integer.class, this.username))
			.isEqualTo(1);
	}

	@Test
	void theConsentPageNamesTheClientAndDescribesEachScope() {
		if (!this.scopes.existsById("pages-test:read")) {
			this.scopes.save(new Scope("pages-test:read", "Read your test orders", Instant.now()));
		}
		IssuedSecret client = this.registrar.register(ClientDraft.clientCredentials(null, "Orders <Dashboard>",
				Set.of("pages-test:read"), Set.of(), Set.of(this.issuer)));
		Browser browser = browser("127.0.0.1");
		assertThat(browser.signIn(this.username, PASSWORD).statusCode()).isEqualTo(302);
		HttpResponse<String> page = browser.get("/oauth2/consent?client_id=" + encode(client.clientId()) + "&scope="
				+ encode("openid pages-test:read") + "&state=" + encode("st<ate>"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertPageHeaders(page);
		String html = page.body();
		assertThat(html).contains("Orders &lt;Dashboard&gt;")
			.doesNotContain("Orders <Dashboard>")
			.contains("Read your test orders")
			.contains("Confirm your identity")
			.contains("<input type=\"hidden\" name=\"client_id\" value=\"" + client.clientId() + "\">")
			.contains("<input type=\"hidden\" name=\"state\" value=\"st&lt;ate&gt;\">")
			.contains("<input type=\"hidden\" name=\"scope\" value=\"openid\">")
			.contains("name=\"scope\" value=\"pages-test:read\" id=\"scope-0\" checked")
			.contains("<label for=\"scope-0\">")
			.contains(">Approve</button>")
			.contains(">Deny</button>")
			.contains("<input type=\"hidden\" name=\"consent_action\" value=\"deny\">")
			.doesNotContain("<script");
		dump("consent.html", html);
		assertThat(count(html, "action=\"/oauth2/authorize\"")).isEqualTo(2);
		assertThat(count(html, "name=\"_csrf\"")).isEqualTo(2);
		assertThat(count(html, "<h1")).isEqualTo(1);

		HttpResponse<String> unknown = browser.get("/oauth2/consent?client_id=nobody&scope=openid&state=s");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("invalid_request");
		assertPageHeaders(unknown);
	}

	@Test
	void theAuthorizationErrorPageIs400HtmlWithTheHeadersAndEscapesWhatItShows() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(new MockServletContext(), "GET",
				"/oauth2/authorize");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.authorizationErrorPage.render(request, response,
				new OAuth2Error("invalid_request", "OAuth 2.0 Parameter: redirect_uri <script>x</script>", null));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).startsWith("text/html");
		assertThat(response.getHeader("Content-Security-Policy"))
			.isEqualTo(PageSecurityHeaders.CONTENT_SECURITY_POLICY);
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		String html = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("<code>invalid_request</code>")
			.contains("cannot accept")
			.contains("&lt;script&gt;")
			.doesNotContain("<script");
		assertThat(count(html, "<h1")).isEqualTo(1);
	}

	/** Keeps a rendered page under target/ for a look in a real browser. */
	private static void dump(String name, String html) {
		try {
			java.nio.file.Path dir = java.nio.file.Path.of("target", "rendered-pages");
			java.nio.file.Files.createDirectories(dir);
			java.nio.file.Files.writeString(dir.resolve(name), html);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void assertPageHeaders(HttpResponse<String> page) {
		String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).isEqualTo(PageSecurityHeaders.CONTENT_SECURITY_POLICY)
			.contains("default-src 'none'")
			.contains("frame-ancestors 'none'")
			.doesNotContain("unsafe-inline");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
		assertThat(page.headers().firstValue("Permissions-Policy")).isPresent();
		assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
		assertThat(page.headers().firstValue("Server")).isEmpty();
		assertThat(page.headers().firstValue("X-Powered-By")).isEmpty();
		String allHeaders = page.headers()
			.map()
			.entrySet()
			.stream()
			.map(e -> e.getKey() + ": " + e.getValue())
			.collect(Collectors.joining("\n"));
		assertThat(allHeaders.toLowerCase(Locale.ROOT)).doesNotContain("spring").doesNotContain("jsessionid");
	}

	private Browser browser(String host) {
		return new Browser("http://" + host + ":" + URI.create(this.issuer).getPort());
	}

	private static String csrf(String html) {
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
		assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
		return csrf.group(1);
	}

	private static String withoutCsrf(String html) {
		return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
	}

	private static int count(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A browser without JavaScript: a cookie jar, redirects not followed. */
	static final class Browser {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String base;

		Browser(String base) {
			this.base = base;
		}

		HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", "text/html").GET());
		}

		HttpResponse<String> post(String path, Map<String, String> form) {
			String body = form.entrySet()
				.stream()
				.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		/** Loads the sign-in page for its CSRF token and posts the form. */
		HttpResponse<String> signIn(String username, String password) {
			HttpResponse<String> page = get("/login");
			assertThat(page.statusCode()).isEqualTo(200);
			return post("/login", Map.of("username", username, "password", password, "_csrf", csrf(page.body())));
		}

		private HttpResponse<String> send(HttpRequest.Builder request) {
			try {
				return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofString());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
