package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The test's {@link Browser}: a person who, shown the authorization request, opens it in
 * a browser (an {@link HttpClient} with a cookie jar, redirects followed one by one so
 * each hop is seen), is sent to Tessera's sign-in page, submits the form with the
 * username, password and the page's CSRF token, and follows Tessera's redirects until one
 * leaves for the tool's loopback listener, whose page is kept. A
 * {@code callbackTampering} function can change that last URL first, the way a hostile
 * page would send a forged callback; {@link #forgingFirst} makes the browser visit a
 * forged callback just before the real one, as a hostile page open in another tab could.
 */
final class PersonInBrowser implements Browser {

	private static final Pattern HIDDEN_INPUT = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");

	private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String username;

	private final String password;

	private final UnaryOperator<URI> callbackTampering;

	private final List<URI> opened = new ArrayList<>();

	private final List<String> trace = new ArrayList<>();

	private UnaryOperator<URI> forgery;

	private HttpResponse<String> forgedAnswer;

	private HttpResponse<String> loopbackAnswer;

	PersonInBrowser(String username, String password) {
		this(username, password, UnaryOperator.identity());
	}

	PersonInBrowser(String username, String password, UnaryOperator<URI> callbackTampering) {
		this.username = username;
		this.password = password;
		this.callbackTampering = callbackTampering;
	}

	/**
	 * This browser, visiting {@code forgery} applied to the real callback before the real
	 * callback itself.
	 */
	PersonInBrowser forgingFirst(UnaryOperator<URI> forgery) {
		this.forgery = forgery;
		return this;
	}

	/** A browser that must not be needed: fails the test when the tool opens it. */
	static Browser none() {
		return (request) -> {
			throw new AssertionError("the tool opened a browser, but it should have worked without: " + request);
		};
	}

	@Override
	public void open(URI authorizationRequest) throws IOException {
		this.opened.add(authorizationRequest);
		HttpResponse<String> page = get(authorizationRequest);
		boolean signedIn = false;
		for (int hop = 0; hop < 10; hop++) {
			if (page.statusCode() / 100 == 3) {
				URI location = page.uri().resolve(page.headers().firstValue("Location").orElseThrow());
				if ("127.0.0.1".equals(location.getHost())
						&& LoopbackRedirectReceiver.PATH.equals(location.getPath())) {
					if (this.forgery != null) {
						this.forgedAnswer = get(this.forgery.apply(location));
					}
					this.loopbackAnswer = get(this.callbackTampering.apply(location));
					return;
				}
				page = get(location);
			}
			else if (page.statusCode() == 200 && !signedIn && page.body().contains("action=\"/login\"")) {
				signedIn = true;
				Map<String, String> form = hiddenFields(page.body());
				if (!form.containsKey("_csrf")) {
					throw new AssertionError("the sign-in form has no CSRF token:\n" + trace());
				}
				form.put("username", this.username);
				form.put("password", this.password);
				page = post(page.uri().resolve("/login"), form);
			}
			else {
				throw new AssertionError("the sign-in ended on a page, not at the tool's loopback listener:\n" + trace()
						+ "\n" + page.body());
			}
		}
		throw new AssertionError("no end after 10 hops:\n" + trace());
	}

	/** The authorization requests the tool opened. */
	List<URI> opened() {
		return this.opened;
	}

	/** What the tool's loopback listener answered the forged callback. */
	HttpResponse<String> forgedAnswer() {
		return this.forgedAnswer;
	}

	/** What the tool's loopback listener answered the browser. */
	HttpResponse<String> loopbackAnswer() {
		return this.loopbackAnswer;
	}

	String trace() {
		return String.join("\n", this.trace);
	}

	private HttpResponse<String> get(URI uri) throws IOException {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException {
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder builder) throws IOException {
		HttpRequest request = builder.header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
			.timeout(Duration.ofSeconds(20))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			// the path only: the query of the last hop holds the authorization code
			this.trace.add(request.method() + " " + request.uri().getHost() + ":" + request.uri().getPort()
					+ request.uri().getPath() + " -> " + response.statusCode());
			return response;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static Map<String, String> hiddenFields(String html) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher input = HIDDEN_INPUT.matcher(html);
		while (input.find()) {
			Matcher name = NAME.matcher(input.group());
			Matcher value = VALUE.matcher(input.group());
			if (name.find() && value.find()) {
				fields.put(unescape(name.group(1)), unescape(value.group(1)));
			}
		}
		return fields;
	}

	private static String unescape(String html) {
		return html.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
