package dev.tessera.admin.clients;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.support.Axe;
import dev.tessera.admin.support.ConsoleSession;
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
 * The clients, scopes and scope review pages in headless Chromium against the real
 * Tessera: an administrator creates a scope and a least-privilege client (warned about
 * the admin scope it picks, and refused a day allowing fewer tokens than an hour) with
 * token quotas, sees the secret once, gets a token with it, finds the used scope received
 * and the unused one flagged in the review, removes it with one click, downloads the CSV,
 * rotates, disables and deletes the client; a partner is registered by its certificate's
 * identity with bound tokens and its identity changed; an auditor sees no write control,
 * and the same changes posted directly are refused by the admin API.
 */
class ClientsAndScopeReviewBrowserTest extends ConsoleTest {

	@Test
	void anAdministratorManagesAClientFromScopeToReview() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String used = "billing:read-" + suffix;
		String unused = "billing:write-" + suffix;
		WebDriver driver = signInAsAdmin();

		// scopes: create two, change a description
		driver.get(console("/scopes"));
		page(driver, "scopes-list");
		driver.findElement(By.id("new-scope")).click();
		awaitElement(driver, By.id("save-scope"));
		page(driver, "scope-new");
		createScope(driver, used, "Read invoices");
		createScope(driver, unused, "Write invoices");
		driver.get(console("/scopes/edit?name=" + unused));
		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Change " + unused);
		page(driver, "scope-edit");
		driver.findElement(By.id("description")).clear();
		driver.findElement(By.id("description")).sendKeys("Write and cancel invoices");
		submitAndAwaitNotice(driver, By.id("save-scope"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains(unused);
		assertThat(scopeRow(driver, unused).getText()).contains("Write and cancel invoices");

		// clients: the form preselects nothing and warns about the admin scope
		driver.get(console("/clients"));
		page(driver, "clients-list");
		driver.findElement(By.id("new-client")).click();
		awaitElement(driver, By.id("create"));
		assertThat(driver.findElements(By.cssSelector("input[name=scopes]:checked"))).isEmpty();
		assertThat(driver.findElements(By.cssSelector("input[name=grantTypes]:checked"))).isEmpty();
		assertThat(driver.findElement(By.cssSelector("input[name=authMethod]:checked")).getDomAttribute("value"))
			.isEqualTo("client_secret_basic");
		page(driver, "client-new");
		driver.findElement(By.id("name")).sendKeys("Billing batch " + suffix);
		checkScope(driver, used);
		checkScope(driver, unused);
		checkScope(driver, "admin:read");
		driver.findElement(By.id("audiences")).sendKeys("https://billing.example.test");
		driver.findElement(By.id("accessTokenTtlSeconds")).sendKeys("300");
		driver.findElement(By.id("hourlyTokenQuota")).sendKeys("50");
		driver.findElement(By.id("dailyTokenQuota")).sendKeys("40");
		driver.findElement(By.id("create")).click();
		awaitElement(driver, By.id("warnings"));

		// the warning step; "Back" refills the form
		assertThat(driver.findElement(By.id("warnings")).getText()).contains("admin:read");
		page(driver, "client-warning");
		driver.findElement(By.id("back")).click();
		awaitElement(driver, By.id("name"));
		assertThat(driver.findElement(By.id("name")).getDomProperty("value")).isEqualTo("Billing batch " + suffix);
		assertThat(checkedScopes(driver)).containsExactlyInAnyOrder(used, unused, "admin:read");
		assertThat(driver.findElement(By.id("hourlyTokenQuota")).getDomProperty("value")).isEqualTo("50");
		assertThat(driver.findElement(By.id("dailyTokenQuota")).getDomProperty("value")).isEqualTo("40");

		// no grant type, and a day allowing fewer tokens than an hour: the API's field
		// errors land next to the fields, the form refilled
		driver.findElement(By.id("create")).click();
		awaitElement(driver, By.id("create-anyway"));
		driver.findElement(By.id("create-anyway")).click();
		awaitElement(driver, By.id("form-problem"));
		assertThat(driver.findElement(By.id("form-problem")).getText()).contains("Grant types:");
		WebElement grantsError = driver.findElement(By.id("grantTypes-error"));
		assertThat(grantsError.getText()).isNotBlank();
		assertThat(driver.findElement(By.id("grantTypes-field")).getDomAttribute("aria-describedby"))
			.contains("grantTypes-error");
		assertThat(checkedScopes(driver)).containsExactlyInAnyOrder(used, unused, "admin:read");
		assertThat(driver.findElement(By.id("dailyTokenQuota-error")).getText()).contains("hourlyTokenQuota (50)");
		assertThat(driver.findElement(By.id("dailyTokenQuota")).getDomAttribute("aria-describedby"))
			.contains("dailyTokenQuota-error");
		page(driver, "client-new-refused");

		driver.findElement(By.cssSelector("input[name=grantTypes][value=client_credentials]")).click();
		driver.findElement(By.id("dailyTokenQuota")).clear();
		driver.findElement(By.id("dailyTokenQuota")).sendKeys("500");
		driver.findElement(By.id("create")).click();
		awaitElement(driver, By.id("create-anyway"));
		driver.findElement(By.id("create-anyway")).click();

		// the secret, once
		awaitElement(driver, By.id("secret-once"));
		String clientId = driver.findElement(By.id("client-id")).getText();
		String secret = driver.findElement(By.id("client-secret")).getText();
		assertThat(driver.findElement(By.id("secret-once")).getText()).contains("you will not see this again");
		assertThat(secret).isNotBlank();
		page(driver, "client-secret-once");
		driver.findElement(By.id("to-details")).click();
		awaitElement(driver, By.id("client-scopes"));
		assertThat(driver.getPageSource()).doesNotContain(secret);
		assertThat(driver.findElement(By.id("client-scopes")).getText()).contains(used, unused, "admin:read");
		assertThat(driver.findElement(By.id("token-quota")).getText())
			.isEqualTo("50 tokens per hour; 500 tokens per day");
		page(driver, "client-details");
		driver.get(console("/clients"));
		assertThat(driver.getPageSource()).doesNotContain(secret);

		// change the lifetime and the default scopes on the details page
		driver.get(console("/clients/" + clientId));
		driver.findElement(By.id("settings-ttl")).clear();
		driver.findElement(By.id("settings-ttl")).sendKeys("1200");
		driver.findElement(By.cssSelector("input[name=defaultScopes][value='" + used + "']")).click();
		assertThat(driver.findElement(By.id("settings-hourly-quota")).getDomProperty("value")).isEqualTo("50");
		driver.findElement(By.id("settings-hourly-quota")).clear();
		driver.findElement(By.id("settings-hourly-quota")).sendKeys("60");
		driver.findElement(By.id("settings-daily-quota")).clear();
		submitAndAwaitNotice(driver, By.id("save-settings"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains("saved");
		assertThat(driver.findElement(By.id("facts")).getText()).contains("1200 seconds");
		assertThat(driver.findElement(By.id("settings-form")).getText()).contains("1200 seconds, longer than 900");
		JsonNode changed = server.admin().call("GET", "/clients/" + clientId, null).body();
		assertThat(changed.get("accessTokenTtlSeconds").asInt()).isEqualTo(1200);
		assertThat(changed.get("defaultScopes").get(0).asString()).isEqualTo(used);
		assertThat(changed.get("hourlyTokenQuota").asInt()).isEqualTo(60);
		assertThat(changed.has("dailyTokenQuota")).as("cleared: no daily limit").isFalse();
		assertThat(driver.findElement(By.id("token-quota")).getText()).isEqualTo("60 tokens per hour; no limit");

		// the secret works at the token endpoint
		JsonNode token = server.admin().token(clientId, secret, used);
		assertThat(token.get("access_token")).as(token.toString()).isNotNull();

		// the review: the used scope received, the unused one flagged and removed
		driver.get(console("/review"));
		page(driver, "review");
		// idle clients and secrets past rotation: rows older than 30 days cannot be made
		// through the API, so these sections show what the API reports (usually their
		// empty state), and the page is axe-checked with them
		JsonNode report = server.admin().call("GET", "/reviews/scopes?days=90", null).body();
		assertListOrNone(driver, "idle", report.get("idleClients").size(), "None");
		assertListOrNone(driver, "secrets", report.get("secretsPastRotation").size(), "None.");
		WebElement usedLine = heldScope(driver, clientId, used);
		assertThat(usedLine.getDomAttribute("data-unused")).isEqualTo("false");
		assertThat(usedLine.getText()).contains("received in 30 days").contains("1 token(s)");
		WebElement unusedLine = heldScope(driver, clientId, unused);
		assertThat(unusedLine.getDomAttribute("data-unused")).isEqualTo("true");
		assertThat(unusedLine.getText()).contains("unused for 90 days");

		// the CSV, with the browser's session
		HttpResponse<String> csv = ConsoleSession.of(driver).get(console("/review.csv"));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("attachment").contains(".csv"));
		assertThat(csv.body()).startsWith("client_id,name,enabled,scope,")
			.contains(clientId + ",Billing batch " + suffix + ",true," + used + ",true,true,1,")
			.contains(clientId + ",Billing batch " + suffix + ",true," + unused + ",false,false,0,,true,");

		unusedLine.findElement(By.cssSelector("button[type=submit]")).click();
		awaitElement(driver, By.id("notice"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains("Removed " + unused);
		assertThat(heldScopes(clientId)).contains(used).doesNotContain(unused);

		// rotate with a grace period: the new secret shown once, both work meanwhile
		driver.get(console("/clients/" + clientId));
		driver.findElement(By.cssSelector("#graceSeconds option[value='3600']")).click();
		driver.findElement(By.id("rotate-secret")).click();
		awaitElement(driver, By.id("client-secret"));
		String rotated = driver.findElement(By.id("client-secret")).getText();
		assertThat(rotated).isNotEqualTo(secret);
		page(driver, "client-secret-rotated");
		assertThat(server.admin().token(clientId, rotated, used).get("access_token")).isNotNull();
		assertThat(server.admin().token(clientId, secret, used).get("access_token")).isNotNull();

		// a scope in use cannot be deleted, and the page says why
		driver.get(console("/scopes/delete?name=" + used));
		page(driver, "scope-delete");
		driver.findElement(By.id("confirm-delete")).click();
		awaitElement(driver, By.id("delete-problem"));
		assertThat(driver.findElement(By.id("delete-problem")).getText()).contains("in use").contains("held by");

		// disable, then delete after the confirmation
		driver.get(console("/clients/" + clientId));
		submitAndAwaitNotice(driver, By.id("toggle-enabled"));
		assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("disabled");
		assertThat(server.admin().token(clientId, rotated, used).get("access_token")).isNull();
		driver.findElement(By.id("delete-client")).click();
		awaitElement(driver, By.id("confirm-delete"));
		page(driver, "client-delete");
		submitAndAwaitNotice(driver, By.id("confirm-delete"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains(clientId);
		assertThat(server.admin().call("GET", "/clients/" + clientId, null).status()).isEqualTo(404);

		// now unused, the scopes go
		for (String scope : List.of(used, unused)) {
			driver.get(console("/scopes/delete?name=" + scope));
			submitAndAwaitNotice(driver, By.id("confirm-delete"));
			assertThat(driver.findElement(By.id("notice")).getText()).contains(scope);
		}
	}

	@Test
	void anAdministratorRegistersAPartnerByItsCertificateAndChangesItsIdentity() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String scope = "shipments:read-" + suffix;
		String subject = "CN=shipments-" + suffix + ",O=Partner Example,C=DE";
		assertThat(server.admin().call("POST", "/scopes", Map.of("name", scope)).status()).isEqualTo(201);
		WebDriver driver = signInAsAdmin();

		// the form: a tls_client_auth client recognised by its subject DN, tokens bound
		driver.get(console("/clients/new"));
		awaitElement(driver, By.id("create"));
		assertThat(driver.findElement(By.cssSelector("input[name=tlsIdentityKind]:checked")).getDomAttribute("value"))
			.isEqualTo("tlsSubjectDn");
		assertThat(driver.findElement(By.id("certificateBoundTokens")).isSelected()).isFalse();
		driver.findElement(By.id("name")).sendKeys("Shipments partner " + suffix);
		checkScope(driver, scope);
		driver.findElement(By.cssSelector("input[name=grantTypes][value=client_credentials]")).click();
		driver.findElement(By.cssSelector("input[name=authMethod][value=tls_client_auth]")).click();
		driver.findElement(By.id("certificateBoundTokens")).click();
		driver.findElement(By.id("audiences")).sendKeys("https://shipments.example.test");

		// without the identity the API refuses, and says so next to the identity
		driver.findElement(By.id("create")).click();
		awaitElement(driver, By.id("tlsIdentity-error"));
		assertThat(driver.findElement(By.id("tlsIdentity-error")).getText())
			.contains("needs the certificate's identity");
		assertThat(driver.findElement(By.id("form-problem")).getText()).contains("Certificate identity:");
		assertThat(driver.findElement(By.id("certificateBoundTokens")).isSelected()).isTrue();
		assertThat(driver.findElement(By.cssSelector("input[name=authMethod]:checked")).getDomAttribute("value"))
			.isEqualTo("tls_client_auth");
		driver.findElement(By.id("tlsIdentity")).sendKeys(subject);
		scrollTo(driver, "tlsIdentity-field");
		page(driver, "client-new-certificate");
		driver.findElement(By.id("create")).click();

		// no secret, the details show the identity and the binding
		awaitElement(driver, By.id("to-details"));
		assertThat(driver.findElements(By.id("secret-once"))).isEmpty();
		String clientId = driver.findElement(By.id("client-id")).getText();
		driver.findElement(By.id("to-details")).click();
		awaitElement(driver, By.id("certificate-identity"));
		assertThat(driver.findElement(By.id("certificate-identity")).getText()).contains("Subject DN")
			.contains("CN=shipments-" + suffix);
		assertThat(driver.findElement(By.id("certificate-bound")).getText()).startsWith("yes");
		assertThat(driver.findElement(By.id("cert-identity")).getDomProperty("value")).isEqualTo(subject);
		assertThat(driver.findElement(By.id("cert-bound")).isSelected()).isTrue();
		scrollTo(driver, "certificate");
		page(driver, "client-details-certificate");
		JsonNode registered = server.admin().call("GET", "/clients/" + clientId, null).body();
		assertThat(registered.get("authMethods").get(0).asString()).isEqualTo("tls_client_auth");
		assertThat(registered.get("tlsSubjectDn").asString()).contains("CN=shipments-" + suffix);
		assertThat(registered.get("certificateBoundTokens").asBoolean()).isTrue();

		// the identity moves to a DNS name: the subject DN is cleared, the binding stays
		driver.findElement(By.cssSelector("#certificate-form input[name=tlsIdentityKind][value=tlsSanDns]")).click();
		driver.findElement(By.id("cert-identity")).clear();
		driver.findElement(By.id("cert-identity")).sendKeys("shipments.partner.example");
		submitAndAwaitNotice(driver, By.id("save-certificate"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains("Certificate authentication saved");
		assertThat(driver.findElement(By.id("certificate-identity")).getText()).contains("DNS name")
			.contains("shipments.partner.example");
		JsonNode changed = server.admin().call("GET", "/clients/" + clientId, null).body();
		assertThat(changed.get("tlsSanDns").asString()).isEqualTo("shipments.partner.example");
		assertThat(changed.has("tlsSubjectDn")).isFalse();
		assertThat(changed.get("certificateBoundTokens").asBoolean()).isTrue();

		// an IP address that is not one: the API's problem next to the field, nothing
		// changed
		driver.findElement(By.cssSelector("#certificate-form input[name=tlsIdentityKind][value=tlsSanIp]")).click();
		driver.findElement(By.id("cert-identity")).clear();
		driver.findElement(By.id("cert-identity")).sendKeys("999.1.2.3");
		driver.findElement(By.id("save-certificate")).click();
		awaitElement(driver, By.id("cert-identity-error"));
		assertThat(driver.findElement(By.id("cert-identity-error")).getText())
			.contains("'999.1.2.3' is not an IPv4 or IPv6 address");
		assertThat(driver.findElement(By.id("cert-identity")).getDomAttribute("aria-invalid")).isEqualTo("true");
		assertThat(driver.findElement(By.id("cert-identity")).getDomProperty("value")).isEqualTo("999.1.2.3");
		assertThat(driver.findElement(By.cssSelector("#certificate-form input[name=tlsIdentityKind]:checked"))
			.getDomAttribute("value")).isEqualTo("tlsSanIp");
		assertThat(driver.findElement(By.id("certificate-identity")).getText()).contains("shipments.partner.example");
		scrollTo(driver, "certificate-form");
		page(driver, "client-certificate-refused");
		assertThat(server.admin().call("GET", "/clients/" + clientId, null).body().get("tlsSanDns").asString())
			.isEqualTo("shipments.partner.example");

		server.admin().call("DELETE", "/clients/" + clientId, null);
		server.admin().call("DELETE", "/scopes/" + scope, null);
	}

	@Test
	void theSecretPageIsNotCachedAndTheSecretStaysOutOfTheSession() {
		String scope = "reports:read-" + Long.toString(System.nanoTime(), 36);
		assertThat(server.admin().call("POST", "/scopes", Map.of("name", scope)).status()).isEqualTo(201);
		WebDriver driver = signInAsAdmin();
		ConsoleSession session = ConsoleSession.of(driver);

		Map<String, String> form = Map.of("name", "Reports", "scopes", scope, "grantTypes", "client_credentials",
				"authMethod", "client_secret_post", "nonce", session.oneUseToken(console("/clients/new")));
		int clientsBefore = server.admin().call("GET", "/clients", null).body().size();
		HttpResponse<String> created = session.post(console("/clients"), form);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(created.headers().allValues("Cache-Control")).anySatisfy(v -> assertThat(v).contains("no-store"));
		assertThat(created.body()).contains("you will not see this again");
		String secret = created.body().replaceAll("(?s).*id=\"client-secret\">([^<]+)<.*", "$1");
		String clientId = created.body().replaceAll("(?s).*id=\"client-id\">([^<]+)<.*", "$1");
		assertThat(secret).hasSizeGreaterThan(20);
		assertThat(session.get(console("/clients/" + clientId)).body()).doesNotContain(secret);
		assertThat(session.get(console("/clients")).body()).doesNotContain(secret);

		// reloading the secret page posts the same form again: refused, no second client
		HttpResponse<String> again = session.post(console("/clients"), form);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("This form was already sent").doesNotContain("you will not see this again");
		assertThat(server.admin().call("GET", "/clients", null).body().size()).isEqualTo(clientsBefore + 1);

		// the same for a rotation
		Map<String, String> rotation = Map.of("graceSeconds", "0", "nonce",
				session.oneUseToken(console("/clients/" + clientId)));
		HttpResponse<String> rotated = session.post(console("/clients/" + clientId + "/secret"), rotation);
		assertThat(rotated.statusCode()).isEqualTo(200);
		assertThat(rotated.body()).contains("you will not see this again");
		int secrets = server.admin().call("GET", "/clients/" + clientId, null).body().get("secrets").size();
		HttpResponse<String> rotatedAgain = session.post(console("/clients/" + clientId + "/secret"), rotation);
		assertThat(rotatedAgain.statusCode()).isEqualTo(400);
		assertThat(rotatedAgain.body()).contains("The secret was not rotated")
			.doesNotContain("you will not see this again");
		assertThat(server.admin().call("GET", "/clients/" + clientId, null).body().get("secrets").size())
			.isEqualTo(secrets);
		server.admin().call("DELETE", "/clients/" + clientId, null);
		server.admin().call("DELETE", "/scopes/" + scope, null);
	}

	@Test
	void anAuditorSeesNoWriteControlAndTheApiRefusesTheirPosts() {
		String scope = "ledger:read-" + Long.toString(System.nanoTime(), 36);
		assertThat(server.admin().call("POST", "/scopes", Map.of("name", scope)).status()).isEqualTo(201);
		TesseraServer.Response client = server.admin()
			.call("POST", "/clients", Map.of("name", "Ledger", "grantTypes", List.of("client_credentials"),
					"authMethods", List.of("client_secret_basic"), "scopes", List.of(scope)));
		assertThat(client.status()).isEqualTo(201);
		String clientId = client.body().get("clientId").asString();
		String password = createPerson("console-clients-auditor", "AUDITOR");

		WebDriver driver = signIn("console-clients-auditor", password);

		driver.get(console("/clients"));
		assertThat(driver.findElement(By.cssSelector("tr[data-client-id='" + clientId + "']")).getText())
			.contains("Ledger");
		assertThat(driver.findElements(By.id("new-client"))).isEmpty();
		driver.get(console("/clients/" + clientId));
		assertThat(driver.findElement(By.id("client-id")).getText()).isEqualTo(clientId);
		assertThat(driver.findElements(By.cssSelector("main form"))).isEmpty();
		assertThat(driver.findElements(By.id("delete-client"))).isEmpty();
		driver.get(console("/scopes"));
		assertThat(scopeRow(driver, scope).getText()).contains(scope);
		assertThat(driver.findElements(By.id("new-scope"))).isEmpty();
		assertThat(driver.findElement(By.id("scopes")).getText()).doesNotContain("Delete").doesNotContain("Change");
		driver.get(console("/review"));
		assertThat(heldScope(driver, clientId, scope).getDomAttribute("data-unused")).isEqualTo("true");
		assertThat(driver.findElements(By.cssSelector("main form"))).isEmpty();
		driver.get(console("/clients/new"));
		assertThat(driver.findElement(By.id("problem-title")).getText()).isEqualTo("Not allowed");
		assertThat(driver.findElement(By.id("problem-detail")).getText()).contains("does not allow")
			.contains("admin:clients");
		assertThat(driver.findElement(By.id("problem-status")).getText()).isEqualTo("403");
		assertThat(driver.getTitle()).startsWith("Not allowed");
		page(driver, "problem-not-allowed");
		driver.get(console("/scopes/edit?name=" + scope));
		assertThat(driver.findElement(By.id("problem-title")).getText()).isEqualTo("Not allowed");
		driver.get(console("/no-such-page"));
		assertThat(driver.findElement(By.id("error-heading")).getText()).contains("404");
		page(driver, "error-not-found");

		ConsoleSession session = ConsoleSession.of(driver);
		HttpResponse<String> disable = session.post(console("/clients/" + clientId + "/enabled"),
				Map.of("enabled", "false"));
		assertThat(disable.statusCode()).isEqualTo(403);
		assertThat(disable.body()).contains("Not allowed").contains("The authorization server refused it");
		HttpResponse<String> remove = session.post(console("/review/remove"),
				Map.of("clientId", clientId, "scope", scope));
		assertThat(remove.statusCode()).isEqualTo(403);
		HttpResponse<String> rotate = session.post(console("/clients/" + clientId + "/secret"),
				Map.of("graceSeconds", "0"));
		assertThat(rotate.statusCode()).as("no one-use token: refused before the API").isEqualTo(400);
		HttpResponse<String> deleteScope = session.post(console("/scopes/delete"), Map.of("name", scope));
		assertThat(deleteScope.statusCode()).isEqualTo(403);

		JsonNode after = server.admin().call("GET", "/clients/" + clientId, null).body();
		assertThat(after.get("enabled").asBoolean()).isTrue();
		assertThat(heldScopes(clientId)).containsExactly(scope);
		assertThat(after.get("secrets").size()).isEqualTo(client.body().get("secrets").size());
		server.admin().call("DELETE", "/clients/" + clientId, null);
		server.admin().call("DELETE", "/scopes/" + scope, null);
	}

	@Test
	void scopeNamesWithUrlCharactersAreChangedAndDeletedAsData() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String scope = "odd:" + suffix + "?x=1&y+z=..";
		String refused = "odd:" + suffix + ";v=%41";
		for (String name : List.of(scope, refused)) {
			TesseraServer.Response created = server.admin().call("POST", "/scopes", Map.of("name", name));
			assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
		}
		WebDriver driver = signInAsAdmin();
		ConsoleSession session = ConsoleSession.of(driver);

		HttpResponse<String> described = session.post(console("/scopes/edit"),
				Map.of("name", scope, "description", "Odd but valid"));
		assertThat(described.statusCode()).as(described.body()).isEqualTo(302);
		assertThat(scopeDescription(scope)).isEqualTo("Odd but valid");
		HttpResponse<String> deleted = session.post(console("/scopes/delete"), Map.of("name", scope));
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(302);
		assertThat(scopeDescription(scope)).isNull();

		// an encoded ';' or '%' in a path is refused by the authorization server's
		// request
		// firewall: the form says so, and no other resource is addressed
		HttpResponse<String> notDescribed = session.post(console("/scopes/edit"),
				Map.of("name", refused, "description", "Changed"));
		assertThat(notDescribed.statusCode()).isEqualTo(400);
		assertThat(notDescribed.body()).contains("id=\"form-problem\"");
		assertThat(scopeDescription(refused)).isNotEqualTo("Changed");
		// (that scope stays: the admin API cannot address it either)
	}

	private static String scopeDescription(String scope) {
		for (JsonNode listed : server.admin().call("GET", "/scopes", null).body()) {
			if (scope.equals(listed.get("name").asString())) {
				JsonNode description = listed.get("description");
				return (description == null || description.isNull()) ? "" : description.asString();
			}
		}
		return null;
	}

	private static void assertListOrNone(WebDriver driver, String section, int count, String none) {
		WebElement shown = driver.findElement(By.id(section));
		assertThat(shown.isDisplayed()).isTrue();
		if (count == 0) {
			assertThat(shown.getText()).contains(none);
		}
		else {
			assertThat(shown.findElements(By.tagName("li"))).hasSize(count);
		}
	}

	/** Brings the element into the viewport, so that its screenshot shows it. */
	private static void scrollTo(WebDriver driver, String id) {
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", driver.findElement(By.id(id)));
	}

	private static void page(WebDriver driver, String name) {
		Screenshots.take(driver, name);
		Axe.assertNoSeriousViolations(driver, name);
	}

	private static void createScope(WebDriver driver, String name, String description) {
		driver.get(console("/scopes/new"));
		driver.findElement(By.id("name")).sendKeys(name);
		driver.findElement(By.id("description")).sendKeys(description);
		submitAndAwaitNotice(driver, By.id("save-scope"));
		assertThat(driver.findElement(By.id("notice")).getText()).contains(name);
	}

	private static WebElement scopeRow(WebDriver driver, String scope) {
		return driver.findElement(By.cssSelector("tr[data-scope='" + scope + "']"));
	}

	private static void checkScope(WebDriver driver, String scope) {
		driver.findElement(By.cssSelector("input[name=scopes][value='" + scope + "']")).click();
	}

	private static List<String> checkedScopes(WebDriver driver) {
		return driver.findElements(By.cssSelector("input[name=scopes]:checked"))
			.stream()
			.map((box) -> box.getDomAttribute("value"))
			.toList();
	}

	private static WebElement heldScope(WebDriver driver, String clientId, String scope) {
		return driver
			.findElement(By.cssSelector("tr[data-client-id='" + clientId + "'] li[data-scope='" + scope + "']"));
	}

	private static List<String> heldScopes(String clientId) {
		List<String> scopes = new ArrayList<>();
		server.admin()
			.call("GET", "/clients/" + clientId, null)
			.body()
			.get("scopes")
			.forEach((s) -> scopes.add(s.asString()));
		return scopes;
	}

}
