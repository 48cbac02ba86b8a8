package dev.tessera.admin.support;

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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * Requests a test sends itself, outside the browser but with the browser's console
 * session (its session cookie, and the CSRF token of the sign-out form every page has):
 * what a person could send by hand, such as a form post their page does not offer, a page
 * reloaded, or a download whose headers a test checks. Also a token request with a chosen
 * correlation id.
 */
public final class ConsoleSession {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static final Pattern ONE_USE_TOKEN = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");

	private final String cookie;

	private final String csrf;

	private ConsoleSession(String cookie, String csrf) {
		this.cookie = cookie;
		this.csrf = csrf;
	}

	/**
	 * The session of the browser, which must show a console page (for its CSRF token).
	 */
	public static ConsoleSession of(WebDriver driver) {
		Cookie session = driver.manage().getCookieNamed("JSESSIONID");
		String csrf = driver.findElement(By.cssSelector("form.who input[name=_csrf]")).getDomAttribute("value");
		return new ConsoleSession("JSESSIONID=" + session.getValue(), csrf);
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", this.cookie).GET().build());
	}

	/** A form post with the session's CSRF token added. */
	public HttpResponse<String> post(String url, Map<String, String> form) {
		return post(url,
				form.entrySet()
					.stream()
					.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
					.collect(Collectors.joining("&")));
	}

	/**
	 * A form post of an already encoded body (for fields given more than once, such as
	 * {@code scopes=a&scopes=b}), with the session's CSRF token added.
	 */
	public HttpResponse<String> post(String url, String encodedForm) {
		String body = "_csrf=" + encode(this.csrf) + (encodedForm.isEmpty() ? "" : "&" + encodedForm);
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Cookie", this.cookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * The one-use token of the form on the page at {@code url} (its hidden {@code nonce}
	 * field), as the browser would have received it.
	 */
	public String oneUseToken(String url) {
		HttpResponse<String> page = get(url);
		Matcher token = ONE_USE_TOKEN.matcher(page.body());
		if (!token.find()) {
			throw new AssertionError("No one-use token on " + url + " (HTTP " + page.statusCode() + ")");
		}
		return token.group(1);
	}

	/** A client-credentials token request carrying an {@code X-Correlation-Id}. */
	public static HttpResponse<String> token(String issuer, String clientId, String secret, String scope,
			String correlationId) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Correlation-Id", correlationId)
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + encode(scope)))
			.build());
	}

	/** A form value, URL-encoded. */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
