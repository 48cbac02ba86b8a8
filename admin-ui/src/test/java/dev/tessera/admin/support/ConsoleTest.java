package dev.tessera.admin.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import dev.tessera.admin.TesseraAdminUiApplication;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console test against the real auth server ({@link TesseraServer}): the console runs
 * on the port the server registered its redirect URI for, reads its development
 * credentials from the server's data directory, and a headless Chromium drives both.
 * Subclasses get {@link #browser}, {@link #server} and the sign-in steps.
 */
@SpringBootTest(classes = TesseraAdminUiApplication.class, webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error",
				"logging.level.org.openqa.selenium.chromium.ChromiumDriver=error" })
public abstract class ConsoleTest {

	protected static TesseraServer server;

	@RegisterExtension
	protected final Browser browser = new Browser();

	@BeforeAll
	static void startAuthorizationServer() {
		server = TesseraServer.shared();
	}

	@DynamicPropertySource
	static void attachToAuthorizationServer(DynamicPropertyRegistry registry) {
		TesseraServer tessera = TesseraServer.shared();
		registry.add("server.port", tessera::consolePort);
		registry.add("server.address", () -> "127.0.0.1");
		registry.add("tessera.issuer", tessera::issuer);
		registry.add("tessera.data-dir", () -> tessera.dataDir().toString());
		registry.add("tessera.console.url", tessera::consoleUrl);
	}

	/** The console URL of a path, such as {@code "/clients"}. */
	protected static String console(String path) {
		return server.consoleUrl() + path;
	}

	/**
	 * Signs the person in through Tessera from the console's sign-in page and waits for
	 * the console's dashboard.
	 */
	protected WebDriver signIn(String username, String password) {
		WebDriver driver = this.browser.driver();
		driver.get(console("/"));
		assertThat(driver.getCurrentUrl()).startsWith(console("/signin"));
		driver.findElement(By.id("sign-in")).click();
		awaitElement(driver, By.id("password"));
		assertThat(driver.getCurrentUrl()).startsWith(server.issuer() + "/login");
		driver.findElement(By.id("username")).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		awaitUrl(driver, console("/"));
		return driver;
	}

	/**
	 * Creates (or re-creates) a person with one role through the admin API.
	 * @return their password, one the password policy accepts
	 */
	protected static String createPerson(String username, String role) {
		String password = "Correct-Horse-Battery-" + Long.toString(System.nanoTime(), 36);
		server.admin().call("DELETE", "/users/" + username, null);
		TesseraServer.Response created = server.admin()
			.call("POST", "/users", Map.of("username", username, "password", password, "roles", List.of(role)));
		assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
		return password;
	}

	/** Signs in as the server's ADMIN person. */
	protected WebDriver signInAsAdmin() {
		return signIn(TesseraServer.ADMIN_USERNAME, server.adminPassword());
	}

	/** Waits (up to 15 s) until the browser shows the URL. */
	protected static void awaitUrl(WebDriver driver, String url) {
		await(driver, d -> url.equals(d.getCurrentUrl()), () -> "URL " + url + ", but it is " + driver.getCurrentUrl());
	}

	/** Waits (up to 15 s) until the page has the element. */
	protected static void awaitElement(WebDriver driver, By element) {
		await(driver, d -> !d.findElements(element).isEmpty(),
				() -> element + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource());
	}

	/**
	 * Clicks {@code button} and waits (up to 15 s) for the page it leads to to show its
	 * notice. A notice still on the page from an earlier action does not count: the page
	 * the click was made on must be gone first.
	 */
	protected static void submitAndAwaitNotice(WebDriver driver, By button) {
		WebElement before = driver.findElement(By.tagName("html"));
		driver.findElement(button).click();
		await(driver, d -> isGone(before) && !d.findElements(By.id("notice")).isEmpty(),
				() -> "a new page with a notice on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource());
	}

	private static boolean isGone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (WebDriverException ex) {
			// stale: Chromium says so either as a stale reference or as a node that
			// "does not belong to the document" any more
			return true;
		}
	}

	private static void await(WebDriver driver, Function<WebDriver, Boolean> condition,
			java.util.function.Supplier<String> expected) {
		long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!condition.apply(driver)) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("Waited 15 s for " + expected.get());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
