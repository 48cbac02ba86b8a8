package dev.tessera.admin.certificates;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.admin.support.Axe;
import dev.tessera.admin.support.ConsoleTest;
import dev.tessera.admin.support.Screenshots;
import dev.tessera.admin.support.TesseraServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate lifecycle in the console, against the real Tessera serving a TLS
 * certificate that expires in {@value TesseraServer#TLS_DAYS} days: the dashboard lists
 * it among the certificates expiring within 30 days and links to the certificates page,
 * which lists every certificate the admin API lists, in its order; an AUDITOR (who holds
 * {@code admin:read}) sees the same.
 */
class CertificatesBrowserTest extends ConsoleTest {

	@Test
	void theDashboardListsTheServerCertificateExpiringWithin30Days() {
		String thumbprint = server.tlsCertificate().thumbprint();
		WebDriver driver = signInAsAdmin();

		WebElement row = driver
			.findElement(By.cssSelector("#expiring-certificates tr[data-thumbprint='" + thumbprint + "']"));
		assertThat(row.getText()).contains("localhost", "Server (TLS)", "within 30 days");
		assertThat(Long.parseLong(driver.findElement(By.id("certificates-within30")).getText())).isPositive();
		assertThat(Long.parseLong(driver.findElement(By.id("certificates-within7")).getText()))
			.isLessThanOrEqualTo(Long.parseLong(driver.findElement(By.id("certificates-within30")).getText()));
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
				driver.findElement(By.id("certificates-heading")));
		page(driver, "dashboard-certificates", "the dashboard with an expiring certificate");

		driver.findElement(By.id("all-certificates")).click();
		awaitElement(driver, By.id("certificates"));
		JsonNode listed = server.admin().call("GET", "/certificates", null).body().get("certificates");
		List<String> expected = new ArrayList<>();
		listed.forEach((certificate) -> expected.add(certificate.get("thumbprint").asString()));
		assertThat(driver.findElements(By.cssSelector("#certificates tbody tr")))
			.extracting((tr) -> tr.getAttribute("data-thumbprint"))
			.containsExactlyElementsOf(expected);
		WebElement server = driver
			.findElement(By.cssSelector("#certificates tr[data-thumbprint='" + thumbprint + "']"));
		assertThat(server.getAttribute("data-kind")).isEqualTo("server");
		assertThat(server.getText()).contains("within 30 days", "tls.pem");
		page(driver, "certificates", "the certificates page");
	}

	@Test
	void anAuditorSeesTheCertificates() {
		String username = "cert-auditor-" + Long.toString(System.nanoTime(), 36);
		WebDriver driver = signIn(username, createPerson(username, "AUDITOR"));
		driver.get(console("/certificates"));
		awaitElement(driver, By.id("certificates"));
		assertThat(driver.findElement(By.id("certificates")).getText()).contains("localhost");
	}

	private static void page(WebDriver driver, String name, String description) {
		Screenshots.take(driver, name);
		Axe.assertNoSeriousViolations(driver, description);
	}

}
