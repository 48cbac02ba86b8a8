package dev.tessera.admin.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * Requests sent outside the browser with the browser's console session (its session
 * cookie, and the CSRF token of the sign-out form every page has): what a person could
 * send by hand, such as a form post their page does not offer, or a download whose
 * headers a test checks.
 */
public final class BrowserSession {

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String cookie;

	private final String csrf;

	private BrowserSession(String cookie, String csrf) {
		this.cookie = cookie;
		this.csrf = csrf;
	}

	/**
	 * The session of the browser, which must show a console page (for its CSRF token).
	 */
	public static BrowserSession of(WebDriver driver) {
		Cookie session = driver.manage().getCookieNamed("JSESSIONID");
		String csrf = driver.findElement(By.cssSelector("form.who input[name=_csrf]")).getDomAttribute("value");
		return new BrowserSession("JSESSIONID=" + session.getValue(), csrf);
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", this.cookie).GET().build());
	}

	/** A form post with the session's CSRF token added. */
	public HttpResponse<String> post(String url, Map<String, String> form) {
		Map<String, String> fields = new LinkedHashMap<>(form);
		fields.put("_csrf", this.csrf);
		String body = fields.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Cookie", this.cookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
