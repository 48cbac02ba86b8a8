package dev.tessera.admin.signin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.tessera.admin.TesseraAdminUiApplication;
import dev.tessera.admin.support.Axe;
import dev.tessera.admin.support.Browser;
import dev.tessera.admin.support.FakeAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's public face before anyone signs in, as a browser and an HTTP client see
 * it, against a fake authorization server (and, in the nested class, against none at
 * all), with no client credentials configured: the sign-in page shows the attached server
 * and what to set, every other page sends the visitor there. The browser cases drive
 * headless Chromium; they skip when it is not installed, except on CI.
 */
@SpringBootTest(classes = TesseraAdminUiApplication.class, webEnvironment = WebEnvironment.DEFINED_PORT, properties = {
		// Selenium warns that it has no CDP bindings for this Chromium; these tests
		// use none.
		"logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error",
		"logging.level.org.openqa.selenium.chromium.ChromiumDriver=error" })
class SignInPageTest {

	static final FakeAuthorizationServer authorizationServer = FakeAuthorizationServer.start(2);

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final int consolePort = FakeAuthorizationServer.unusedPort();

	@TempDir
	static Path emptyDataDir;

	@DynamicPropertySource
	static void attachToFakeAuthorizationServer(DynamicPropertyRegistry registry) {
		registry.add("tessera.issuer", authorizationServer::issuer);
		registry.add("server.port", () -> consolePort);
		registry.add("server.address", () -> "127.0.0.1");
		registry.add("tessera.console.url", () -> "http://127.0.0.1:" + consolePort);
		registry.add("tessera.data-dir", () -> emptyDataDir.toString());
	}

	@AfterAll
	static void stopFakeAuthorizationServer() {
		authorizationServer.close();
	}

	@RegisterExtension
	final Browser browser = new Browser();

	int port = consolePort;

	@Autowired
	ApplicationContext context;

	@Test
	void signInPageShowsTheAttachedAuthorizationServer() {
		WebDriver driver = this.browser.driver();
		driver.get(url(this.port, "/"));

		assertThat(driver.getCurrentUrl()).isEqualTo(url(this.port, "/signin"));
		assertThat(driver.getTitle()).isEqualTo("Sign in - Tessera admin console");
		assertThat(driver.findElement(By.id("issuer")).getText()).isEqualTo(authorizationServer.issuer());
		assertThat(driver.findElement(By.id("token-endpoint")).getText())
			.isEqualTo(authorizationServer.issuer() + "/oauth2/token");
		assertThat(driver.findElement(By.id("key-count")).getText()).isEqualTo("2");
		assertThat(driver.findElements(By.id("unreachable"))).isEmpty();
		assertNotConfiguredNoticeIsVisible(driver);
		Axe.assertNoSeriousViolations(driver, "the sign-in page (not configured)");
	}

	@Test
	void pagesCarryTheSecurityHeaders() throws Exception {
		HttpResponse<String> response = get(this.port, "/signin", "text/html");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
			.contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
					"form-action 'self' " + authorizationServer.issuer(), "base-uri 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	/**
	 * Behind the TLS-terminating proxy (X-Forwarded-Proto from a local address): HSTS.
	 */
	@Test
	void pagesReachedOverHttpsCarryHsts() throws Exception {
		HttpResponse<String> plain = get(this.port, "/signin", "text/html");
		assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
		HttpResponse<String> secure = http.send(HttpRequest.newBuilder(URI.create(url(this.port, "/signin")))
			.header("X-Forwarded-Proto", "https")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(secure.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying(hsts -> assertThat(hsts).startsWith("max-age="));
		assertThat(secure.headers().firstValue("Server")).isEmpty();
	}

	/**
	 * What Tomcat refuses before Spring sees it names neither Tomcat nor its version, and
	 * carries the security headers.
	 */
	@Test
	void requestsTomcatRefusesShowNoServerBanner() throws Exception {
		for (String request : new String[] { "GET /signin HTTP/1.1 junk\r\nHost: 127.0.0.1\r\n\r\n",
				"GET /a%2Fb HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n" }) {
			String response = raw(request);
			String what = request.substring(0, 30) + " -> " + response;
			assertThat(response).as(what).startsWith("HTTP/1.1 4");
			assertThat(response.toLowerCase()).as(what)
				.contains("x-content-type-options: nosniff")
				.contains("x-frame-options: deny")
				.doesNotContain("tomcat")
				.doesNotContain("\nserver:")
				.doesNotContain("exception");
		}
	}

	private String raw(String request) throws java.io.IOException {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				int read;
				while ((read = socket.getInputStream().read(buffer)) > 0) {
					answer.write(buffer, 0, read);
				}
			}
			catch (java.net.SocketTimeoutException | java.net.SocketException ex) {
				// what arrived is the answer
			}
			return answer.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void everyOtherPageSendsTheVisitorToSignIn() throws Exception {
		for (String path : new String[] { "/", "/clients", "/anything-else", "/keys?x=1" }) {
			HttpResponse<String> page = get(this.port, path, "text/html");

			assertThat(page.statusCode()).as(path).isEqualTo(302);
			assertThat(page.headers().firstValue("Location")).as(path).hasValue(url(this.port, "/signin"));
			assertNoStackTrace(page.body());
		}
	}

	@Test
	void anotherHostNameIsSentToTheConfiguredOneFirst() throws Exception {
		HttpResponse<String> page = get("http://localhost:" + this.port + "/signin?expired", "text/html");

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValue(url(this.port, "/signin?expired"));
	}

	@Test
	void postsWithoutACsrfTokenAreRefused() throws Exception {
		// With CSRF protection off this would reach the controller and be a 405.
		HttpRequest post = HttpRequest.newBuilder(URI.create(url(this.port, "/")))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void stylesheetAndHealthAreOpen() throws Exception {
		HttpResponse<String> css = get(this.port, "/css/admin.css", "text/css");
		HttpResponse<String> health = get(this.port, "/actuator/health", "application/json");

		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.body()).contains(".notice");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void thereAreNoLocalUsers() {
		// Spring Boot's fallback in-memory user (and its logged password) is excluded.
		assertThat(this.context.getBeanProvider(UserDetailsService.class).getIfAvailable()).isNull();
	}

	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = TesseraAdminUiApplication.class, webEnvironment = WebEnvironment.DEFINED_PORT)
	class WhenTheAuthorizationServerIsDown {

		static final String deadIssuer = "http://127.0.0.1:" + FakeAuthorizationServer.unusedPort();

		static final int downConsolePort = FakeAuthorizationServer.unusedPort();

		@DynamicPropertySource
		static void attachToNothing(DynamicPropertyRegistry registry) {
			registry.add("tessera.issuer", () -> deadIssuer);
			registry.add("server.port", () -> downConsolePort);
			registry.add("server.address", () -> "127.0.0.1");
			registry.add("tessera.console.url", () -> "http://127.0.0.1:" + downConsolePort);
			registry.add("tessera.data-dir", () -> emptyDataDir.toString());
		}

		@RegisterExtension
		final Browser downBrowser = new Browser();

		int downPort = downConsolePort;

		@Test
		void signInPageSaysSoInTheBrowser() {
			WebDriver driver = this.downBrowser.driver();
			driver.get(url(this.downPort, "/signin"));

			assertThat(driver.getTitle()).isEqualTo("Sign in - Tessera admin console");
			WebElement unreachable = driver.findElement(By.id("unreachable"));
			assertThat(unreachable.isDisplayed()).isTrue();
			assertThat(unreachable.getText()).contains("Authorization server unreachable at " + deadIssuer)
				.contains("connection refused");
			assertThat(driver.findElements(By.id("key-count"))).isEmpty();
			assertNotConfiguredNoticeIsVisible(driver);
		}

		@Test
		void signInPageIsStillAnOrdinaryPage() throws Exception {
			HttpResponse<String> response = get(this.downPort, "/signin", "text/html");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("Authorization server unreachable at <code>" + deadIssuer + "</code>")
				.contains("connection refused");
			assertNoStackTrace(response.body());
		}

	}

	private static void assertNotConfiguredNoticeIsVisible(WebDriver driver) {
		WebElement notice = driver.findElement(By.id("not-configured"));
		assertThat(notice.isDisplayed()).isTrue();
		assertThat(notice.getText()).contains("Sign-in is not available yet")
			.contains("admin-ui-client.properties")
			.contains("TESSERA_ADMIN_UI_CLIENT_ID");
		assertThat(driver.findElements(By.id("sign-in"))).isEmpty();
		// The stylesheet loaded despite the strict CSP (and /css/** is open).
		assertThat(notice.getCssValue("border-left-width")).isEqualTo("4px");
	}

	private static void assertNoStackTrace(String body) {
		assertThat(body).doesNotContain("Exception", "\tat ", "at org.springframework", "at java.");
	}

	private static HttpResponse<String> get(int port, String path, String accept)
			throws IOException, InterruptedException {
		return get(url(port, path), accept);
	}

	private static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String url(int port, String path) {
		return "http://127.0.0.1:" + port + path;
	}

}
