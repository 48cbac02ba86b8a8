package dev.tessera.admin.ops;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.tessera.admin.support.Axe;
import dev.tessera.admin.support.ConsoleSession;
import dev.tessera.admin.support.ConsoleTest;
import dev.tessera.admin.support.Screenshots;
import dev.tessera.admin.support.TesseraServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations pages (dashboard, signing keys, audit trail, users, trusted issuers)
 * against the real Tessera in headless Chromium: what they show agrees with the admin
 * API, what they change is changed through it, input the API refuses is shown next to its
 * field, and an AUDITOR gets neither the controls nor, when posting around them, the
 * change. Each test signs in once (a sign-in costs seconds).
 */
class OperationsConsoleBrowserTest extends ConsoleTest {

	private final String suffix = Long.toString(System.nanoTime(), 36);

	@Test
	void theDashboardAgreesWithTheAdminApi() {
		String scope = "ops.dash." + this.suffix;
		String clientId = "ops-dash-" + this.suffix;
		String secret = createClient(clientId, scope);
		HttpResponse<String> token = ConsoleSession.token(server.issuer(), clientId, secret, scope,
				"ops-dash-" + this.suffix);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		JsonNode clients = server.admin().call("GET", "/clients", null).body();
		long enabled = count(clients, client -> client.get("enabled").asBoolean());

		WebDriver driver = signInAsAdmin();

		// Dashboard: the figures agree with the admin API; today's bar counts the token
		awaitFigure(driver, () -> todaysTokens(driver) >= 1);
		assertThat(driver.findElement(By.id("clients-enabled")).getText()).isEqualTo(String.valueOf(enabled));
		assertThat(driver.findElement(By.id("clients-disabled")).getText())
			.isEqualTo(String.valueOf(clients.size() - enabled));
		assertThat(driver.findElements(By.cssSelector("#tokens-chart rect.bar"))).hasSize(30);
		assertThat(driver.findElement(By.id("active-kid")).getText()).isEqualTo(kidOf("ACTIVE"));
		assertThat(driver.findElement(By.id("expiring-certificates")).getText()).contains("localhost");
		assertThat(driver.findElements(By.cssSelector("#granted-scopes code"))).hasSize(5);
		page(driver, "dashboard", "the dashboard");
	}

	@Test
	void anAdminRotatesKeysAndFindsATokenRequestInTheAuditTrail() {
		String scope = "ops.read." + this.suffix;
		String clientId = "ops-" + this.suffix;
		String secret = createClient(clientId, scope);
		String correlationId = "ops-console-" + this.suffix;
		// one page and one more of token requests with that correlation id
		for (int i = 0; i < 51; i++) {
			HttpResponse<String> token = ConsoleSession.token(server.issuer(), clientId, secret, scope, correlationId);
			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		}

		WebDriver driver = signInAsAdmin();

		// Keys: revoking needs the exact kid; a mistyped one (here for the ACTIVE key,
		// which the other tests need) revokes nothing
		driver.get(console("/keys"));
		page(driver, "keys", "the signing keys page");
		String activeBefore = kidOf("ACTIVE");
		driver.findElement(By.id("revoke-" + activeBefore)).click();
		awaitElement(driver, By.id("confirmation"));
		page(driver, "keys-revoke", "the key revocation page");
		driver.findElement(By.id("confirmation")).sendKeys(activeBefore + "x");
		driver.findElement(By.id("revoke")).click();
		awaitElement(driver, By.id("confirmation-error"));
		WebElement confirmation = driver.findElement(By.id("confirmation"));
		assertThat(confirmation.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(confirmation.getAttribute("aria-describedby")).contains("confirmation-error");
		assertThat(statusOf(activeBefore)).isEqualTo("ACTIVE");
		page(driver, "keys-revoke-mismatch", "the key revocation page with a mismatch");

		// A NEXT key (published ahead of a scheduled rotation, if there is one now) is
		// revoked with its exact kid
		String next = kidOf("NEXT");
		if (next != null) {
			driver.get(console("/keys/" + next + "/revoke"));
			awaitElement(driver, By.id("confirmation"));
			driver.findElement(By.id("confirmation")).sendKeys(next);
			submitAndAwaitNotice(driver, By.id("revoke"));
			assertThat(statusOf(next)).isEqualTo("REVOKED");
			assertThat(kidOf("ACTIVE")).isEqualTo(activeBefore);
		}

		// Rotate now: the page shows the API's new ACTIVE key, the old one retiring
		driver.get(console("/keys"));
		submitAndAwaitNotice(driver, By.id("rotate-now"));
		String active = kidOf("ACTIVE");
		assertThat(active).isNotEqualTo(activeBefore);
		assertThat(driver.findElement(By.cssSelector("#key-timeline li[data-status=ACTIVE]")).getAttribute("data-kid"))
			.isEqualTo(active);
		assertThat(driver.findElements(By.cssSelector("#key-timeline li[data-status=RETIRING]")))
			.extracting(li -> li.getAttribute("data-kid"))
			.contains(activeBefore);
		assertThat(driver.findElements(By.cssSelector("#key-timeline li[data-status=NEXT]")))
			.extracting(li -> li.getAttribute("data-kid"))
			.containsExactlyElementsOf((kidOf("NEXT") != null) ? List.of(kidOf("NEXT")) : List.of());
		page(driver, "keys-rotated", "the signing keys page after a rotation");

		// Audit: the token request, found by its correlation id
		driver.get(console("/audit"));
		page(driver, "audit", "the audit trail");
		driver.findElement(By.id("correlationId")).sendKeys(correlationId);
		driver.findElement(By.id("apply-filter")).click();
		awaitFigure(driver, () -> !driver.findElements(By.id("next-page")).isEmpty());
		List<WebElement> rows = driver.findElements(By.cssSelector("#audit-events tbody tr"));
		assertThat(rows).hasSize(50).allSatisfy(row -> assertThat(row.getText()).contains(correlationId));
		assertThat(rows.stream().map(WebElement::getText))
			.allSatisfy(text -> assertThat(text).contains("token.issue", "success", clientId));
		assertThat(driver.findElements(By.id("first-page"))).isEmpty();
		page(driver, "audit-filtered", "the filtered audit trail");
		driver.findElement(By.id("next-page")).click();
		awaitElement(driver, By.id("first-page"));
		assertThat(driver.findElements(By.cssSelector("#audit-events tbody tr"))).hasSize(1)
			.allSatisfy(row -> assertThat(row.getText()).contains(correlationId));
		assertThat(driver.findElements(By.id("next-page"))).isEmpty();
		assertThat(driver.findElement(By.id("correlationId")).getAttribute("value")).isEqualTo(correlationId);
		driver.findElement(By.id("first-page")).click();
		awaitElement(driver, By.id("next-page"));
		assertThat(driver.findElements(By.cssSelector("#audit-events tbody tr"))).hasSize(50);

		// Export with the filter: the console streams the API's CSV as an attachment
		HttpResponse<String> csv = ConsoleSession.of(driver)
			.get(driver.findElement(By.id("export-csv")).getAttribute("href"));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(disposition -> assertThat(disposition).startsWith("attachment").contains(".csv"));
		assertThat(csv.body()).contains(correlationId);

		// Verify the chain: the result shows with the filter the person was looking at
		driver.findElement(By.id("verify-chain")).click();
		awaitElement(driver, By.id("verification"));
		assertThat(driver.findElement(By.id("verification")).getText()).contains("valid").doesNotContain("broken");
		assertThat(Long.parseLong(driver.findElement(By.id("rows-checked")).getText())).isPositive();
		assertThat(driver.findElement(By.id("correlationId")).getAttribute("value")).isEqualTo(correlationId);
		assertThat(driver.findElements(By.cssSelector("#audit-events tbody tr"))).hasSize(50)
			.allSatisfy(row -> assertThat(row.getText()).contains(correlationId));
		page(driver, "audit-verified", "the audit trail with the chain verification");
	}

	@Test
	void anAdminCreatesChangesAndDeletesAUserAndATrustedIssuer() {
		String scope = "ops.partner." + this.suffix;
		String clientId = "ops-partner-" + this.suffix;
		createClient(clientId, scope);
		String username = "ops-user-" + this.suffix;

		WebDriver driver = signInAsAdmin();

		// Users: a weak password is refused next to its field, the form refilled without
		// it
		driver.get(console("/users"));
		assertThat(driver.findElement(By.id("users")).getText()).contains(TesseraServer.ADMIN_USERNAME);
		page(driver, "users", "the users page");
		driver.findElement(By.id("new-user")).click();
		awaitElement(driver, By.id("username"));
		page(driver, "user-new", "the new user form");
		driver.findElement(By.id("username")).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys("password");
		driver.findElement(By.id("role-AUDITOR")).click();
		driver.findElement(By.id("save")).click();
		awaitElement(driver, By.id("password-error"));
		WebElement password = driver.findElement(By.id("password"));
		assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(password.getAttribute("aria-describedby")).contains("password-error");
		assertThat(password.getAttribute("value")).isEmpty();
		assertThat(driver.findElement(By.id("username")).getAttribute("value")).isEqualTo(username);
		assertThat(driver.findElement(By.id("role-AUDITOR")).isSelected()).isTrue();
		assertThat(server.admin().call("GET", "/users/" + username, null).status()).isEqualTo(404);
		page(driver, "user-weak-password", "the user form with a refused password");

		driver.findElement(By.id("password")).sendKeys("Quiet-Harbour-Lantern-" + this.suffix);
		driver.findElement(By.id("save")).click();
		awaitUrl(driver, console("/users/" + username));
		JsonNode created = server.admin().call("GET", "/users/" + username, null).body();
		assertThat(created.get("roles").toString()).isEqualTo("[\"AUDITOR\"]");
		assertThat(created.get("enabled").asBoolean()).isTrue();
		page(driver, "user-edit", "the user page");

		// A username holding '?', '/', '#' or braces addresses no other user: the API's
		// 404
		// (or the console's own refusal of an encoded slash), never this user nor a 500
		for (String odd : List.of(username + "%3Fx", username + "%2Fx", username + "%23x", "%7B" + username + "%7D",
				"%7Busername%7D")) {
			HttpResponse<String> page = ConsoleSession.of(driver).get(console("/users/" + odd));
			assertThat(page.statusCode()).as(odd).isIn(400, 404);
			assertThat(page.body()).as(odd).doesNotContain("action=\"/users/" + username + "\"");
		}
		HttpResponse<String> sideways = ConsoleSession.of(driver)
			.post(console("/users/" + username + "%3Fx"), "roles=ADMIN&enabled=true");
		assertThat(sideways.statusCode()).isEqualTo(404);
		assertThat(server.admin().call("GET", "/users/" + username, null).body().get("roles").toString())
			.isEqualTo("[\"AUDITOR\"]");

		driver.findElement(By.id("role-AUDITOR")).click();
		driver.findElement(By.id("role-USER")).click();
		driver.findElement(By.id("enabled")).click();
		submitAndAwaitNotice(driver, By.id("save"));
		JsonNode changed = server.admin().call("GET", "/users/" + username, null).body();
		assertThat(changed.get("roles").toString()).isEqualTo("[\"USER\"]");
		assertThat(changed.get("enabled").asBoolean()).isFalse();

		driver.findElement(By.id("delete")).click();
		awaitElement(driver, By.id("confirm-delete"));
		page(driver, "user-delete", "the user deletion page");
		driver.findElement(By.id("confirm-delete")).click();
		awaitUrl(driver, console("/users"));
		assertThat(server.admin().call("GET", "/users/" + username, null).status()).isEqualTo(404);

		// Trusted issuers
		String issuer = "https://idp-" + this.suffix + ".example";
		driver.get(console("/issuers"));
		page(driver, "issuers", "the trusted issuers page");
		driver.findElement(By.id("new-issuer")).click();
		awaitElement(driver, By.id("issuer"));
		page(driver, "issuer-new", "the new trusted issuer form");
		driver.findElement(By.id("issuer")).sendKeys(issuer);
		driver.findElement(By.id("jwks")).sendKeys(jwks());
		driver.findElement(By.id("audiences")).sendKeys(server.issuer());
		driver.findElement(By.id("allowedClientIds")).sendKeys(clientId);
		driver.findElement(By.id("scope-" + scope)).click();
		driver.findElement(By.id("maxAssertionLifetimeSeconds")).sendKeys("120");
		submitAndAwaitNotice(driver, By.id("save"));
		JsonNode registered = issuerNamed(issuer);
		assertThat(registered).isNotNull();
		assertThat(registered.get("allowedScopes").toString()).isEqualTo("[\"" + scope + "\"]");
		assertThat(registered.get("allowedClientIds").toString()).isEqualTo("[\"" + clientId + "\"]");
		assertThat(registered.get("maxAssertionLifetimeSeconds").asInt()).isEqualTo(120);
		page(driver, "issuer-edit", "the trusted issuer page");
		String id = registered.get("id").asString();
		for (String odd : List.of(id + "%3Fx", id + "%2Fx", "%7B" + id + "%7D", "%7Bid%7D")) {
			HttpResponse<String> page = ConsoleSession.of(driver).get(console("/issuers/" + odd));
			assertThat(page.statusCode()).as(odd).isIn(400, 404);
			assertThat(page.body()).as(odd).doesNotContain(issuer);
		}

		driver.findElement(By.id("subjectPrefix")).sendKeys("partner:");
		submitAndAwaitNotice(driver, By.id("save"));
		assertThat(issuerNamed(issuer).get("subjectPrefix").asString()).isEqualTo("partner:");

		driver.findElement(By.id("delete")).click();
		awaitElement(driver, By.id("confirm-delete"));
		page(driver, "issuer-delete", "the trusted issuer deletion page");
		driver.findElement(By.id("confirm-delete")).click();
		awaitUrl(driver, console("/issuers"));
		assertThat(issuerNamed(issuer)).isNull();
	}

	@Test
	void anAuditorSeesNoWriteControlsAndAPostAroundThemIsRefusedByTheApi() {
		String password = createPerson("ops-auditor", "AUDITOR");

		WebDriver driver = signIn("ops-auditor", password);

		// The read pages render for them, without their controls
		driver.get(console("/keys"));
		assertThat(driver.findElements(By.cssSelector("#key-timeline li[data-status=ACTIVE]"))).hasSize(1);
		assertThat(driver.findElements(By.id("rotate-now"))).isEmpty();
		assertThat(driver.findElements(By.cssSelector("[id^=revoke-]"))).isEmpty();
		page(driver, "keys-auditor", "the signing keys page for an auditor");
		driver.get(console("/users"));
		assertThat(driver.findElement(By.id("users")).getText()).contains("ops-auditor", TesseraServer.ADMIN_USERNAME);
		assertThat(driver.findElements(By.id("new-user"))).isEmpty();
		page(driver, "users-auditor", "the users page for an auditor");
		driver.get(console("/users/ops-auditor"));
		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("ops-auditor");
		assertThat(driver.findElement(By.id("role-AUDITOR")).isSelected()).isTrue();
		assertThat(driver.findElements(By.id("save"))).isEmpty();
		assertThat(driver.findElements(By.id("delete"))).isEmpty();
		driver.get(console("/issuers"));
		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Trusted issuers");
		assertThat(driver.findElements(By.id("new-issuer"))).isEmpty();
		driver.get(console("/audit"));
		assertThat(driver.findElements(By.id("audit-events"))).isNotEmpty();
		assertThat(driver.findElements(By.id("verify-chain"))).isNotEmpty();

		// The pages that exist only to change something answer "not allowed", even when
		// opened directly
		for (String path : List.of("/users/new", "/users/ops-auditor/delete", "/issuers/new", "/issuers/any/delete",
				"/keys/" + kidOf("ACTIVE") + "/revoke")) {
			HttpResponse<String> page = ConsoleSession.of(driver).get(console(path));
			assertThat(page.statusCode()).as(path).isEqualTo(403);
			assertThat(page.body()).as(path)
				.contains("Not allowed")
				.doesNotContain("id=\"save\"", "id=\"revoke\"", "id=\"confirm-delete\"");
		}
		driver.get(console("/keys/" + kidOf("ACTIVE") + "/revoke"));
		awaitElement(driver, By.id("problem-title"));
		assertThat(driver.findElements(By.id("revoke"))).isEmpty();
		page(driver, "keys-revoke-auditor", "the key revocation page refusing an auditor");

		JsonNode keysBefore = server.admin().call("GET", "/keys", null).body();
		HttpResponse<String> rotate = ConsoleSession.of(driver).post(console("/keys/rotate"), "");
		assertThat(rotate.statusCode()).isEqualTo(403);
		assertThat(rotate.body()).contains("Not allowed");
		assertThat(server.admin().call("GET", "/keys", null).body()).isEqualTo(keysBefore);

		HttpResponse<String> createUser = ConsoleSession.of(driver)
			.post(console("/users"), "username=ops-sneaky&password=Sneaky-Harbour-Lantern-1&roles=ADMIN&enabled=true");
		assertThat(createUser.statusCode()).isEqualTo(403);
		assertThat(server.admin().call("GET", "/users/ops-sneaky", null).status()).isEqualTo(404);
	}

	private static String createClient(String clientId, String scope) {
		TesseraServer.Response created = server.admin()
			.call("POST", "/scopes", Map.of("name", scope, "description", "Console operations test"));
		assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
		TesseraServer.Response client = server.admin()
			.call("POST", "/clients",
					Map.of("clientId", clientId, "name", "Operations test " + clientId, "grantTypes",
							List.of("client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"), "authMethods",
							List.of("client_secret_basic"), "scopes", List.of(scope)));
		assertThat(client.status()).as(String.valueOf(client.body())).isEqualTo(201);
		return client.body().get("clientSecret").asString();
	}

	private static long count(JsonNode array, Predicate<JsonNode> test) {
		long count = 0;
		for (JsonNode node : array) {
			if (test.test(node)) {
				count++;
			}
		}
		return count;
	}

	private static String kidOf(String status) {
		for (JsonNode key : server.admin().call("GET", "/keys", null).body()) {
			if (status.equals(key.get("status").asString())) {
				return key.get("kid").asString();
			}
		}
		return null;
	}

	private static String statusOf(String kid) {
		for (JsonNode key : server.admin().call("GET", "/keys", null).body()) {
			if (kid.equals(key.get("kid").asString())) {
				return key.get("status").asString();
			}
		}
		return null;
	}

	private static JsonNode issuerNamed(String issuer) {
		for (JsonNode registered : server.admin().call("GET", "/trusted-issuers", null).body()) {
			if (issuer.equals(registered.get("issuer").asString())) {
				return registered;
			}
		}
		return null;
	}

	private static long todaysTokens(WebDriver driver) {
		List<WebElement> days = driver.findElements(By.cssSelector("#tokens-per-day tbody tr td.number"));
		return days.isEmpty() ? -1 : Long.parseLong(days.get(days.size() - 1).getAttribute("textContent").strip());
	}

	/**
	 * Reloads the page until the condition holds (the audit writer batches its rows).
	 * ConsoleTest's own waits do not reload, and Selenium's waits are not on the test
	 * class path.
	 */
	private static void awaitFigure(WebDriver driver, BooleanSupplier condition) {
		long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - end > 0) {
				throw new AssertionError("The page did not show it within 15 s:\n" + driver.getPageSource());
			}
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			driver.navigate().refresh();
		}
	}

	/**
	 * Keeps a screenshot of the page and checks it for serious accessibility problems.
	 */
	private static void page(WebDriver driver, String name, String description) {
		Screenshots.take(driver, name);
		Axe.assertNoSeriousViolations(driver, description);
	}

	/** A partner's JWKS with one freshly generated RSA public key. */
	private static String jwks() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
			return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"partner-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
					+ base64url(key.getModulus()) + "\",\"e\":\"" + base64url(key.getPublicExponent()) + "\"}]}";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
