package dev.tessera.admin.signin;

import java.util.List;

import dev.tessera.admin.support.Axe;
import dev.tessera.admin.support.ConsoleTest;
import dev.tessera.admin.support.Screenshots;
import dev.tessera.admin.support.TesseraServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the console through the real Tessera, in headless Chromium: the token a
 * person's session holds carries exactly the admin scopes their role allows, a person
 * with no admin role is turned away, and signing out ends both the console's and
 * Tessera's sessions.
 */
class ConsoleSignInBrowserTest extends ConsoleTest {

	@Test
	void anAdminSignsInThroughTesseraAndHoldsEveryAdminScope() {
		WebDriver driver = this.browser.driver();
		driver.get(console("/"));
		Screenshots.take(driver, "signin");
		Axe.assertNoSeriousViolations(driver, "the sign-in page");

		signInAsAdmin();

		assertThat(driver.findElement(By.id("signed-in-as")).getText()).isEqualTo(TesseraServer.ADMIN_USERNAME);
		assertThat(grantedScopes(driver)).containsExactlyInAnyOrder("admin:clients", "admin:keys", "admin:users",
				"admin:read", "audit:read");
		assertThat(driver.findElements(By.cssSelector(".masthead .role"))).isEmpty();
	}

	@Test
	void anAuditorSignsInWithReadScopesOnly() {
		String password = createPerson("console-auditor", "AUDITOR");

		WebDriver driver = signIn("console-auditor", password);

		assertThat(grantedScopes(driver)).containsExactlyInAnyOrder("admin:read", "audit:read");
		assertThat(driver.findElement(By.cssSelector(".masthead .role")).getText()).contains("read only");
	}

	@Test
	void aPersonWithoutAnAdminRoleIsTurnedAway() {
		String password = createPerson("console-user", "USER");
		WebDriver driver = this.browser.driver();
		driver.get(console("/"));
		driver.findElement(By.id("sign-in")).click();
		awaitElement(driver, By.id("password"));
		driver.findElement(By.id("username")).sendKeys("console-user");
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit]")).click();

		awaitUrl(driver, console("/signin?refused"));
		assertThat(driver.findElement(By.id("message")).getText()).contains("no administrator role");
		Screenshots.take(driver, "signin-refused");
		Axe.assertNoSeriousViolations(driver, "the refused sign-in page");
		driver.get(console("/"));
		assertThat(driver.getCurrentUrl()).isEqualTo(console("/signin"));
	}

	@Test
	void signingOutEndsBothSessions() {
		WebDriver driver = signInAsAdmin();

		driver.findElement(By.id("sign-out")).click();

		// Tessera ended its session and sent the browser back to the console, which asks
		// for a new sign-in; signing in again needs the password again.
		awaitUrl(driver, console("/signin"));
		driver.get(console("/"));
		assertThat(driver.getCurrentUrl()).isEqualTo(console("/signin"));
		driver.findElement(By.id("sign-in")).click();
		awaitElement(driver, By.id("password"));
		assertThat(driver.getCurrentUrl()).startsWith(server.issuer() + "/login");
	}

	private static List<String> grantedScopes(WebDriver driver) {
		return driver.findElements(By.cssSelector("#granted-scopes code")).stream().map(WebElement::getText).toList();
	}

}
