package dev.tessera.auth.grant.authorizationcode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.AuthorizeRequest;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Person;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.TestClient;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Tokens;
import dev.tessera.auth.support.Axe;
import dev.tessera.auth.support.Browser;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow once in a real headless Chromium: the person types their
 * name and password into the sign-in page and approves the consent page, and the browser
 * lands on a native app's loopback redirect URI (a tiny HTTP server in this test), whose
 * code the app exchanges. The sign-in and consent pages pass an axe-core check with no
 * serious or critical violation, served with their real Content Security Policy.
 * Screenshots of each step are kept under {@code target/screenshots/}.
 */
@TesseraServerTest
class AuthorizationCodeBrowserTest {

	@RegisterExtension
	final Browser browser = new Browser();

	@Autowired
	ApplicationContext context;

	AuthorizationCodeFlow flow;

	HttpServer app;

	final CompletableFuture<URI> callback = new CompletableFuture<>();

	@BeforeEach
	void setUp() throws IOException {
		this.flow = AuthorizationCodeFlow.of(this.context);
		this.app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.app.createContext("/callback", exchange -> {
			this.callback.complete(exchange.getRequestURI());
			byte[] page = ("<!doctype html><html lang=\"en\"><head><title>E2E app</title></head>"
					+ "<body><main><h1>Signed in</h1><p>You can close this window.</p></main></body></html>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(page);
			}
		});
		this.app.start();
	}

	@AfterEach
	void stopApp() {
		this.app.stop(0);
	}

	@Test
	void aPersonSignsInAndConsentsInChromium() throws Exception {
		WebDriver driver = this.browser.driver();
		Person person = this.flow.createUser("USER");
		TestClient client = this.flow.publicClient(false, "");
		String redirectUri = "http://127.0.0.1:" + this.app.getAddress().getPort() + "/callback";
		AuthorizeRequest request = this.flow.request(client, "openid profile orders:read")
			.with("redirect_uri", redirectUri);

		driver.get(request.url());
		awaitPath(driver, "/login");
		this.browser.screenshot("authorization-code-1-sign-in");
		Axe.assertNoSeriousViolations(driver, "the sign-in page");
		WebElement username = driver.findElement(By.name("username"));
		assertThat(driver.findElements(By.cssSelector("label[for='" + username.getDomAttribute("id") + "']")))
			.as("the username field has a label")
			.isNotEmpty();
		username.sendKeys(person.username());
		driver.findElement(By.name("password")).sendKeys(person.password());
		submitButton(driver, "form:has(input[name=password])", "sign in|log in|continue").click();

		awaitPath(driver, "/oauth2/consent");
		this.browser.screenshot("authorization-code-2-consent");
		assertThat(driver.findElements(By.cssSelector("form[action$='/oauth2/authorize']")))
			.as("the consent page's form:\n" + driver.getPageSource())
			.isNotEmpty();
		Axe.assertNoSeriousViolations(driver, "the consent page");
		assertThat(driver.findElement(By.tagName("body")).getText()).as("the consent page names the client")
			.contains("E2E CLI");
		for (WebElement scope : driver.findElements(By.cssSelector("input[type=checkbox][name=scope]"))) {
			if (!scope.isSelected()) {
				scope.click();
			}
		}
		submitButton(driver, "form", "approve|allow|accept").click();

		URI landed = this.callback.get(30, TimeUnit.SECONDS);
		Poll.await(Duration.ofSeconds(10), () -> driver.getCurrentUrl().startsWith(redirectUri) ? true : null);
		this.browser.screenshot("authorization-code-3-back-at-the-app");
		Map<String, String> parameters = BrowserSession.queryParameters(landed);
		assertThat(parameters).containsEntry("state", request.state())
			.containsEntry("iss", this.flow.issuer())
			.containsKey("code");

		Tokens tokens = this.flow.tokens(request, parameters.get("code"));
		assertThat(tokens.accessClaims()).containsEntry("sub", person.username())
			.containsEntry("client_id", client.clientId());
		assertThat(tokens.idToken()).isNotBlank();
	}

	private static void awaitPath(WebDriver driver, String path) throws InterruptedException {
		try {
			Poll.await(Duration.ofSeconds(15),
					() -> path.equals(URI.create(driver.getCurrentUrl()).getPath()) ? true : null);
		}
		catch (AssertionError ex) {
			throw new AssertionError("The browser did not reach " + path + " but " + driver.getCurrentUrl() + ":\n"
					+ driver.getPageSource(), ex);
		}
	}

	/** The submit button of the form matching {@code form} whose label matches. */
	private static WebElement submitButton(WebDriver driver, String form, String label) {
		List<WebElement> buttons = driver
			.findElements(By.cssSelector(form + " button, " + form + " input[type=submit]"));
		return buttons.stream()
			.filter(b -> java.util.regex.Pattern.compile(label, java.util.regex.Pattern.CASE_INSENSITIVE)
				.matcher(b.getText() + " " + b.getDomAttribute("value") + " " + b.getDomAttribute("name"))
				.find())
			.findFirst()
			.or(() -> (buttons.size() == 1) ? java.util.Optional.of(buttons.get(0)) : java.util.Optional.empty())
			.orElseThrow(() -> new AssertionError("No button '" + label + "' in " + driver.getPageSource()));
	}

}
