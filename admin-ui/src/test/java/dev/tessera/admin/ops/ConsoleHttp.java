package dev.tessera.admin.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * Requests a test sends itself: to the console with the browser's session (as a script or
 * a crafted form would), and to the token endpoint with a chosen correlation id.
 */
final class ConsoleHttp {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private ConsoleHttp() {
	}

	/** A GET to the console with the browser's session cookie. */
	static HttpResponse<String> get(WebDriver driver, String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", session(driver)).GET().build());
	}

	/**
	 * A form POST to the console with the browser's session cookie and the CSRF token the
	 * page's sign-out form carries.
	 */
	static HttpResponse<String> post(WebDriver driver, String url, String form) {
		String csrf = driver.findElement(By.cssSelector("form.who input[name=_csrf]")).getAttribute("value");
		String body = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + (form.isEmpty() ? "" : "&" + form);
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Cookie", session(driver))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** A client-credentials token request carrying an {@code X-Correlation-Id}. */
	static HttpResponse<String> token(String issuer, String clientId, String secret, String scope,
			String correlationId) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Correlation-Id", correlationId)
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
			.build());
	}

	private static String session(WebDriver driver) {
		Cookie cookie = driver.manage().getCookieNamed("JSESSIONID");
		return cookie.getName() + "=" + cookie.getValue();
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
