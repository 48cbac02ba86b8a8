package dev.tessera.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tessera.admin.support.Browser;
import dev.tessera.admin.support.FakeAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console as a browser and an HTTP client see it, against a fake authorization
 * server (and, in the nested class, against none at all). The browser cases drive
 * headless Chromium; they skip when it is not installed, except on CI.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// Selenium warns that it has no CDP bindings for this Chromium; these tests use
		// none.
		"logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error",
		"logging.level.org.openqa.selenium.chromium.ChromiumDriver=error" })
class AdminConsoleBrowserTest {

	static final FakeAuthorizationServer authorizationServer = FakeAuthorizationServer.start(2);

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@DynamicPropertySource
	static void attachToFakeAuthorizationServer(DynamicPropertyRegistry registry) {
		registry.add("tessera.issuer", authorizationServer::issuer);
	}

	@AfterAll
	static void stopFakeAuthorizationServer() {
		authorizationServer.close();
	}

	@RegisterExtension
	final Browser browser = new Browser();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void homePageShowsTheAttachedAuthorizationServer() {
		WebDriver driver = this.browser.driver();
		driver.get(url(this.port, "/"));

		assertThat(driver.getTitle()).isEqualTo("Tessera admin console");
		assertThat(driver.findElement(By.id("issuer")).getText()).isEqualTo(authorizationServer.issuer());
		assertThat(driver.findElement(By.id("token-endpoint")).getText())
			.isEqualTo(authorizationServer.issuer() + "/oauth2/token");
		assertThat(driver.findElement(By.id("key-count")).getText()).isEqualTo("2");
		assertThat(driver.findElements(By.id("unreachable"))).isEmpty();
		assertNotAvailableYetNoticeIsVisible(driver);
	}

	@Test
	void pagesCarryTheSecurityHeaders() throws Exception {
		HttpResponse<String> response = get(this.port, "/", "text/html");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void everythingElseIsRefusedWithoutAStackTrace() throws Exception {
		HttpResponse<String> page = get(this.port, "/anything-else", "text/html");
		HttpResponse<String> json = get(this.port, "/anything-else", "application/json");

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("403", "Tessera admin console").doesNotContainIgnoringCase("jsessionid");
		assertNoStackTrace(page.body());
		assertThat(json.statusCode()).isEqualTo(403);
		assertThat(json.body()).doesNotContain("\"trace\"", "\"exception\"");
		assertNoStackTrace(json.body());
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
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	class WhenTheAuthorizationServerIsDown {

		static final String deadIssuer = "http://127.0.0.1:" + FakeAuthorizationServer.unusedPort();

		@DynamicPropertySource
		static void attachToNothing(DynamicPropertyRegistry registry) {
			registry.add("tessera.issuer", () -> deadIssuer);
		}

		@RegisterExtension
		final Browser downBrowser = new Browser();

		@LocalServerPort
		int downPort;

		@Test
		void homePageSaysSoInTheBrowser() {
			WebDriver driver = this.downBrowser.driver();
			driver.get(url(this.downPort, "/"));

			assertThat(driver.getTitle()).isEqualTo("Tessera admin console");
			WebElement unreachable = driver.findElement(By.id("unreachable"));
			assertThat(unreachable.isDisplayed()).isTrue();
			assertThat(unreachable.getText()).contains("Authorization server unreachable at " + deadIssuer)
				.contains("connection refused");
			assertThat(driver.findElements(By.id("key-count"))).isEmpty();
			assertNotAvailableYetNoticeIsVisible(driver);
		}

		@Test
		void homePageIsStillAnOrdinaryPage() throws Exception {
			HttpResponse<String> response = get(this.downPort, "/", "text/html");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("Authorization server unreachable at <code>" + deadIssuer + "</code>")
				.contains("connection refused");
			assertNoStackTrace(response.body());
		}

	}

	private static void assertNotAvailableYetNoticeIsVisible(WebDriver driver) {
		WebElement notice = driver.findElement(By.id("not-available-yet"));
		assertThat(notice.isDisplayed()).isTrue();
		assertThat(notice.getText())
			.contains("Administrator sign-in (authorization code + PKCE) and client management are not available yet");
		// The stylesheet loaded despite the strict CSP (and /css/** is open).
		assertThat(notice.getCssValue("border-left-width")).isEqualTo("4px");
	}

	private static void assertNoStackTrace(String body) {
		assertThat(body).doesNotContain("Exception", "\tat ", "at org.springframework", "at java.");
	}

	private static HttpResponse<String> get(int port, String path, String accept)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(port, path)))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String url(int port, String path) {
		return "http://localhost:" + port + path;
	}

}
