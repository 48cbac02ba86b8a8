package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The authorization code flow with PKCE as a person's browser and a confidential client
 * would run it, over plain HTTP with a cookie jar and no JavaScript: {@code GET
 * /oauth2/authorize}, the sign-in page and its CSRF field, {@code POST /login}, back to
 * the authorization endpoint, the redirect to the client's callback (read, not followed),
 * and the code exchanged at the token endpoint. The refresh scenario runs it once per
 * chain of refresh tokens, outside the timed requests. Every redirect is followed by
 * hand, so an unexpected answer fails with the step, the request and the server's
 * response.
 */
final class CodeFlow {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A hidden {@code <input>} element, whatever the order of its attributes. */
	private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);

	private static final int MAX_REDIRECTS = 8;

	private final RefreshClient client;

	private final String issuer;

	private final HttpClient http;

	CodeFlow(RefreshClient client, String issuer) {
		this.client = client;
		this.issuer = issuer;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Runs the flow against one node.
	 * @return the token endpoint's answer, with a refresh token
	 * @throws BenchmarkException naming the step and the server's answer when any step
	 * does not go as the contract says
	 */
	Tokens run(URI node) {
		Session session = new Session();
		String verifier = newVerifier();
		String state = random(16);
		URI authorize = node.resolve("/oauth2/authorize?" + query("response_type", "code", "client_id",
				this.client.clientId(), "redirect_uri", this.client.redirectUri(), "scope", this.client.scope(),
				"state", state, "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
		HttpResponse<String> response = session.get(authorize);
		// to the sign-in page (possibly through an intermediate redirect)
		URI location = redirect("GET /oauth2/authorize", authorize, response);
		int hops = 0;
		while (!location.getPath().endsWith("/login")) {
			if (isCallback(location)) {
				throw new BenchmarkException("the authorization endpoint answered without a sign-in: " + location);
			}
			response = session.get(location);
			location = redirect("GET " + location, location, response);
			if (++hops > MAX_REDIRECTS) {
				throw new BenchmarkException("too many redirects before the sign-in page, last " + location);
			}
		}
		URI loginPage = location;
		response = session.get(loginPage);
		if (response.statusCode() != 200) {
			throw unexpected("GET " + loginPage + " (the sign-in page)", response);
		}
		String csrf = csrfToken(response.body());
		if (csrf == null) {
			throw unexpected("GET " + loginPage + ": no hidden _csrf input on the sign-in page", response);
		}
		URI login = node.resolve(loginPage.getRawPath());
		response = session.postForm(login,
				HttpForms.form("username", this.client.username(), "password", this.client.password(), "_csrf", csrf));
		location = redirect("POST " + login + " (sign-in as " + this.client.username() + ")", login, response);
		hops = 0;
		while (!isCallback(location)) {
			if (location.getPath().endsWith("/login")) {
				throw new BenchmarkException("sign-in as " + this.client.username() + " failed: POST " + login
						+ " redirected to " + location);
			}
			response = session.get(location);
			location = redirect("GET " + location, location, response);
			if (++hops > MAX_REDIRECTS) {
				throw new BenchmarkException("too many redirects after the sign-in, last " + location);
			}
		}
		String code = code(location, state, this.issuer);
		URI tokenEndpoint = node.resolve("/oauth2/token");
		HttpResponse<String> token = post(tokenEndpoint, Map.of("Authorization", authorization()),
				HttpForms.form("grant_type", "authorization_code", "code", code, "redirect_uri",
						this.client.redirectUri(), "code_verifier", verifier));
		if (token.statusCode() != 200) {
			throw unexpected("POST " + tokenEndpoint + " grant_type=authorization_code", token);
		}
		return Tokens.parse(token.body());
	}

	/**
	 * One refresh, outside any load phase (the probe before the phases).
	 * @return the answer, checked to hold a new refresh token
	 */
	Tokens refresh(URI node, String refreshToken) {
		URI tokenEndpoint = node.resolve("/oauth2/token");
		HttpResponse<String> response = post(tokenEndpoint, Map.of("Authorization", authorization()),
				HttpForms.form("grant_type", "refresh_token", "refresh_token", refreshToken));
		if (response.statusCode() != 200) {
			throw unexpected("POST " + tokenEndpoint + " grant_type=refresh_token", response);
		}
		Tokens tokens = Tokens.parse(response.body());
		if (tokens.refreshToken().equals(refreshToken)) {
			throw new BenchmarkException("the refresh token was not rotated: POST " + tokenEndpoint
					+ " grant_type=refresh_token answered the same refresh token");
		}
		return tokens;
	}

	private String authorization() {
		return HttpForms.basic(this.client.clientId(), this.client.clientSecret());
	}

	private boolean isCallback(URI location) {
		URI callback = URI.create(this.client.redirectUri());
		return callback.getHost().equalsIgnoreCase(String.valueOf(location.getHost()))
				&& callback.getPath().equals(location.getPath()) && callback.getPort() == location.getPort();
	}

	private HttpResponse<String> post(URI uri, Map<String, String> headers, String form) {
		HttpRequest.Builder request = LoadGenerator.newRequest(uri)
			.header("Content-Type", HttpForms.FORM)
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return send(this.http, request.build());
	}

	/** The tokens the token endpoint answered. */
	record Tokens(String accessToken, String refreshToken) {

		static Tokens parse(String body) {
			Map<String, Object> json;
			try {
				json = JSONObjectUtils.parse(body);
			}
			catch (ParseException ex) {
				throw new BenchmarkException("the token endpoint answered no JSON: " + body, ex);
			}
			Object access = json.get("access_token");
			Object refresh = json.get("refresh_token");
			if (!(access instanceof String) || !(refresh instanceof String)) {
				throw new BenchmarkException("the token response lacks an access_token or a refresh_token: " + body);
			}
			return new Tokens((String) access, (String) refresh);
		}

		@Override
		public String toString() {
			return "Tokens[...]";
		}

	}

	/**
	 * The value of the hidden {@code _csrf} input of a form page, HTML entities decoded;
	 * {@code null} when the page has none.
	 */
	static String csrfToken(String html) {
		Matcher inputs = INPUT.matcher(html);
		while (inputs.find()) {
			String input = inputs.group();
			if ("_csrf".equals(attribute(input, "name"))) {
				String value = attribute(input, "value");
				return (value != null) ? unescape(value) : null;
			}
		}
		return null;
	}

	/** An attribute's raw value in one tag: double-, single- or unquoted. */
	static String attribute(String tag, String name) {
		Matcher matcher = Pattern
			.compile("\\s" + Pattern.quote(name) + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>/]+))",
					Pattern.CASE_INSENSITIVE)
			.matcher(tag);
		if (!matcher.find()) {
			return null;
		}
		for (int group = 1; group <= 3; group++) {
			if (matcher.group(group) != null) {
				return matcher.group(group);
			}
		}
		return null;
	}

	/**
	 * The character references an attribute value may hold (named few, every numeric).
	 */
	static String unescape(String value) {
		if (value.indexOf('&') < 0) {
			return value;
		}
		Matcher matcher = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);").matcher(value);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String entity = matcher.group(1);
			String replacement = switch (entity) {
				case "amp" -> "&";
				case "lt" -> "<";
				case "gt" -> ">";
				case "quot" -> "\"";
				case "apos" -> "'";
				default -> {
					boolean hex = entity.charAt(1) == 'x' || entity.charAt(1) == 'X';
					int codePoint = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
					yield new String(Character.toChars(codePoint));
				}
			};
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/**
	 * Where a redirect points, resolved against the request's URI (a {@code Location} may
	 * be relative).
	 * @throws BenchmarkException when the answer is not a redirect with a
	 * {@code Location}
	 */
	static URI redirect(String step, URI requested, HttpResponse<String> response) {
		int status = response.statusCode();
		String location = response.headers().firstValue("Location").orElse(null);
		if (status / 100 != 3 || location == null) {
			throw unexpected(step + " (expected a redirect)", response);
		}
		return resolve(requested, location);
	}

	static URI resolve(URI requested, String location) {
		try {
			return requested.resolve(URI.create(location.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new BenchmarkException("a Location that is no URI: " + location, ex);
		}
	}

	/**
	 * The code of the authorization response at the client's callback, after checking its
	 * {@code state} and (RFC 9207) its {@code iss}.
	 * @throws BenchmarkException for an error response, a missing code, or a wrong
	 * {@code state} or {@code iss}
	 */
	static String code(URI callback, String state, String issuer) {
		Map<String, String> parameters = queryParameters(callback.getRawQuery());
		if (parameters.containsKey("error")) {
			throw new BenchmarkException("the authorization endpoint answered error=" + parameters.get("error")
					+ ((parameters.get("error_description") != null) ? " (" + parameters.get("error_description") + ")"
							: "")
					+ ": " + callback);
		}
		String code = parameters.get("code");
		if (code == null || code.isEmpty()) {
			throw new BenchmarkException("no code in the authorization response: " + callback);
		}
		if (!state.equals(parameters.get("state"))) {
			throw new BenchmarkException("the authorization response did not return the state: " + callback);
		}
		if (!issuer.equals(parameters.get("iss"))) {
			throw new BenchmarkException(
					"the authorization response's iss is not the issuer " + issuer + " (RFC 9207): " + callback);
		}
		return code;
	}

	/** A query string's parameters, decoded; the first of a repeated name wins. */
	static Map<String, String> queryParameters(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			parameters.putIfAbsent(name, value);
		}
		return parameters;
	}

	/** RFC 7636 §4.1: 256 random bits, base64url (43 characters). */
	static String newVerifier() {
		return random(32);
	}

	/** RFC 7636 §4.2: {@code S256}. */
	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static String query(String... namesAndValues) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (i > 0) {
				query.append('&');
			}
			query.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
		}
		return query.toString();
	}

	static BenchmarkException unexpected(String step, HttpResponse<String> response) {
		String body = response.body();
		if (body != null && body.length() > 500) {
			body = body.substring(0, 500) + "...";
		}
		StringBuilder headers = new StringBuilder();
		for (String name : List.of("Location", "Content-Type", "WWW-Authenticate")) {
			response.headers()
				.firstValue(name)
				.ifPresent(v -> headers.append(' ').append(name).append(": ").append(v).append(';'));
		}
		return new BenchmarkException(step + ": HTTP " + response.statusCode() + headers + " " + body);
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new BenchmarkException(request.method() + " " + request.uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

	/**
	 * One browser's cookies on one node: every {@code Set-Cookie} kept by name (the
	 * session cookie), sent back on each later request. Host-only and path {@code /} is
	 * all the flow needs; attributes are read only to honour a deletion.
	 */
	static final class CookieJar {

		private final Map<String, String> cookies = new LinkedHashMap<>();

		void store(List<String> setCookies) {
			for (String setCookie : setCookies) {
				String[] parts = setCookie.split(";");
				int eq = parts[0].indexOf('=');
				if (eq <= 0) {
					continue;
				}
				String name = parts[0].substring(0, eq).trim();
				String value = parts[0].substring(eq + 1).trim();
				boolean expired = value.isEmpty();
				for (int i = 1; i < parts.length; i++) {
					String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
					if (attribute.equals("max-age=0") || attribute.startsWith("max-age=-")) {
						expired = true;
					}
				}
				if (expired) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
		}

		/** The {@code Cookie} header's value, or {@code null} with no cookies. */
		String header() {
			if (this.cookies.isEmpty()) {
				return null;
			}
			StringBuilder header = new StringBuilder();
			this.cookies.forEach((name, value) -> {
				if (!header.isEmpty()) {
					header.append("; ");
				}
				header.append(name).append('=').append(value);
			});
			return header.toString();
		}

	}

	/** A browser's requests: its cookie jar on every request and every response. */
	private final class Session {

		private final CookieJar cookies = new CookieJar();

		HttpResponse<String> get(URI uri) {
			return exchange(LoadGenerator.newRequest(uri).header("Accept", "text/html").GET());
		}

		HttpResponse<String> postForm(URI uri, String form) {
			return exchange(LoadGenerator.newRequest(uri)
				.header("Accept", "text/html")
				.header("Content-Type", HttpForms.FORM)
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		private HttpResponse<String> exchange(HttpRequest.Builder request) {
			String cookie = this.cookies.header();
			if (cookie != null) {
				request.header("Cookie", cookie);
			}
			HttpResponse<String> response = send(CodeFlow.this.http, request.build());
			this.cookies.store(response.headers().allValues("Set-Cookie"));
			return response;
		}

	}

}
