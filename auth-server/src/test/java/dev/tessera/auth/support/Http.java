package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A real HTTP client for tests: form posts, Basic authentication, JSON bodies. The
 * secrets and tokens it sends and receives are recorded for the log scan
 * ({@link LoggedSecrets}).
 */
public final class Http {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String baseUrl;

	public Http(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	public Response get(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).headers(headers).GET());
	}

	/** POST a form, optionally with HTTP Basic client authentication (null to omit). */
	public Response postForm(String path, String basicUser, String basicPassword, Map<String, String> form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)));
		if (basicUser != null) {
			request.header("Authorization", basic(basicUser, basicPassword));
		}
		return send(request);
	}

	public Response send(HttpRequest.Builder request) {
		try {
			HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
			built.headers().allValues("Authorization").forEach(LoggedSecrets::recordAuthorization);
			HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
			LoggedSecrets.recordJson(response.body());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static Map<String, String> form(String... keyValues) {
		Map<String, String> form = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			form.put(keyValues[i], keyValues[i + 1]);
		}
		return form;
	}

	public static String basic(String user, String password) {
		LoggedSecrets.record(password);
		String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(Map<String, String> form) {
		form.forEach(LoggedSecrets::recordField);
		return form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** A response with its body parsed as JSON on demand. */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.raw.body());
			}
			catch (ParseException ex) {
				throw new AssertionError("Not a JSON object (status " + status() + "): " + this.raw.body(), ex);
			}
		}

		public List<Object> jsonList() {
			try {
				return JSONArrayUtils.parse(this.raw.body());
			}
			catch (ParseException ex) {
				throw new AssertionError("Not a JSON array (status " + status() + "): " + this.raw.body(), ex);
			}
		}

		@Override
		public String toString() {
			return status() + " " + body();
		}

	}

}
