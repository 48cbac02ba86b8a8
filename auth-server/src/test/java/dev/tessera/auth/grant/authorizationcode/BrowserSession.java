package dev.tessera.auth.grant.authorizationcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person's browser, as far as the authorization code flow needs one: a cookie jar
 * (the sign-in session and CSRF token live in it), {@code Accept: text/html}, and no
 * automatic redirects, so every hop (authorize → sign-in page → sign-in → consent →
 * client redirect) is seen and asserted rather than followed blindly. Forms are read from
 * the served HTML as a browser would: hidden fields (CSRF token, consent state) are sent
 * back as the page gave them.
 */
public final class BrowserSession {

	private static final int MAX_HOPS = 12;

	private final URI issuer;

	private final HttpClient client;

	private final List<String> hops = new ArrayList<>();

	public BrowserSession(String issuer) {
		this.issuer = URI.create(issuer);
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** What happened on the way, one line per request, for assertion messages. */
	public String trace() {
		return String.join("\n", this.hops);
	}

	/**
	 * Runs an authorization request to its end: signs in when the sign-in page is shown,
	 * answers the consent page as {@code consent} says, and stops at the first redirect
	 * that leaves the authorization server (the client's redirect URI, not followed) or
	 * at a page that is neither sign-in nor consent (an error page).
	 */
	public Outcome authorize(String authorizeUrl, String username, String password, Consent consent) {
		Page page = get(authorizeUrl);
		boolean signInShown = false;
		boolean consentShown = false;
		for (int hop = 0; hop < MAX_HOPS; hop++) {
			if (page.isRedirect()) {
				URI location = page.location();
				if (!sameOrigin(location)) {
					return new Outcome(location, null, signInShown, consentShown, trace());
				}
				page = get(location.toString());
			}
			else if (page.status() == 200 && page.signInForm() != null) {
				assertThat(signInShown).as("the sign-in page came back after signing in:\n" + trace()).isFalse();
				signInShown = true;
				page = signIn(page, username, password);
			}
			else if (page.status() == 200 && (page.consentForm() != null || page.denyForm() != null)) {
				assertThat(consentShown).as("the consent page came back after answering it:\n" + trace()).isFalse();
				consentShown = true;
				page = consent.answer(this, page);
			}
			else {
				return new Outcome(null, page, signInShown, consentShown, trace());
			}
		}
		throw new AssertionError("No end after " + MAX_HOPS + " hops:\n" + trace());
	}

	/** Signs in at {@code /login} directly, as a person opening the page would. */
	public Page signIn(String username, String password) {
		Page page = get(this.issuer.resolve("/login").toString());
		assertThat(page.status()).as(trace()).isEqualTo(200);
		return signIn(page, username, password);
	}

	Page signIn(Page page, String username, String password) {
		Form form = page.signInForm();
		assertThat(form.fields()).as("the sign-in form carries a CSRF token").containsKey("_csrf");
		Map<String, List<String>> fields = form.fieldsForSubmit();
		fields.put("username", List.of(username));
		fields.put("password", List.of(password));
		Page answer = post(form.action(page.uri()), fields);
		assertThat(answer.isRedirect()).as("signing in redirects:\n" + trace()).isTrue();
		assertThat(answer.location().getPath()).as("signing in succeeded:\n" + trace()).isNotEqualTo("/login");
		return answer;
	}

	public Page get(String url) {
		return send(HttpRequest.newBuilder(this.issuer.resolve(url)).GET(), "GET");
	}

	public Page post(URI url, Map<String, List<String>> form) {
		String body = form.entrySet()
			.stream()
			.flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(url)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)), "POST");
	}

	private Page send(HttpRequest.Builder builder, String method) {
		HttpRequest request = builder.header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			Page page = new Page(request.uri(), response);
			this.hops.add(method + " " + request.uri() + " -> " + response.statusCode()
					+ (page.isRedirect() ? " " + page.header("Location") : ""));
			return page;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean sameOrigin(URI location) {
		return Objects.equals(location.getScheme(), this.issuer.getScheme())
				&& Objects.equals(location.getHost(), this.issuer.getHost())
				&& location.getPort() == this.issuer.getPort();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The query parameters of a URI, decoded (the first value of each). */
	public static Map<String, String> queryParameters(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String query = uri.getRawQuery();
		if (query == null) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			parameters.putIfAbsent(name, value);
		}
		return parameters;
	}

	/**
	 * Where an authorization request ended: a redirect off the server (to the client), or
	 * a page the server answered itself.
	 */
	public record Outcome(URI redirect, Page page, boolean signInShown, boolean consentShown, String trace) {

		/** The parameters the client received; fails when the flow ended on a page. */
		public Map<String, String> parameters() {
			assertThat(this.redirect).as("the flow ended at the client's redirect URI, not on a page:\n" + this.trace)
				.isNotNull();
			return queryParameters(this.redirect);
		}

		public String code() {
			String code = parameters().get("code");
			assertThat(code).as("an authorization code:\n" + this.trace).isNotBlank();
			return code;
		}

	}

	/** How the person answers the consent page. */
	public interface Consent {

		Page answer(BrowserSession browser, Page page);

		/** Approves every scope the page offers. */
		static Consent approveAll() {
			return (browser, page) -> {
				Form form = page.consentForm();
				Map<String, List<String>> fields = form.fieldsForSubmit();
				fields.computeIfAbsent("scope", k -> new ArrayList<>()).addAll(form.checkboxValues("scope"));
				form.button("approve|allow|accept|grant|consent")
					.ifPresent(b -> fields.put(b.name(), List.of(b.value())));
				return browser.post(form.action(page.uri()), fields);
			};
		}

		/** Approves only {@code scopes} (which must be offered). */
		static Consent approve(List<String> scopes) {
			return (browser, page) -> {
				Form form = page.consentForm();
				assertThat(form.checkboxValues("scope")).containsAll(scopes);
				Map<String, List<String>> fields = form.fieldsForSubmit();
				fields.computeIfAbsent("scope", k -> new ArrayList<>()).addAll(scopes);
				form.button("approve|allow|accept|grant|consent")
					.ifPresent(b -> fields.put(b.name(), List.of(b.value())));
				return browser.post(form.action(page.uri()), fields);
			};
		}

		/**
		 * Denies: the Deny button, which (Spring's consent contract) posts the consent
		 * state with no scope.
		 */
		static Consent deny() {
			return (browser, page) -> {
				Form form = page.denyForm();
				Map<String, List<String>> fields = form.fieldsForSubmit();
				fields.remove("scope");
				form.button("deny|cancel|reject|decline").ifPresent(b -> fields.put(b.name(), List.of(b.value())));
				return browser.post(form.action(page.uri()), fields);
			};
		}

		/** For first-party clients: the consent page must not be shown at all. */
		static Consent notExpected() {
			return (browser, page) -> {
				throw new AssertionError("A consent page was shown:\n" + browser.trace() + "\n" + page.body());
			};
		}

	}

	/** One response, with its forms read on demand. */
	public record Page(URI uri, HttpResponse<String> response) {

		public int status() {
			return this.response.statusCode();
		}

		public String body() {
			return this.response.body();
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public boolean isRedirect() {
			return status() == 302 || status() == 303 || status() == 301 || status() == 307;
		}

		public URI location() {
			String location = header("Location");
			assertThat(location).as("a redirect's Location").isNotNull();
			return this.uri.resolve(location);
		}

		public List<Form> forms() {
			return Form.parse(body());
		}

		/** The form with a password field, if this page has one. */
		public Form signInForm() {
			return forms().stream().filter(f -> f.fields().containsKey("password")).findFirst().orElse(null);
		}

		/**
		 * The form that posts the consent (approval) back to the authorization endpoint.
		 */
		public Form consentForm() {
			return consentForms().stream().filter(f -> !f.isDeny()).findFirst().orElse(null);
		}

		/**
		 * The form that denies: its own form on Tessera's page (it sends
		 * consent_action=deny), else the approval form's Deny button.
		 */
		public Form denyForm() {
			return consentForms().stream().filter(Form::isDeny).findFirst().orElse(consentForm());
		}

		private List<Form> consentForms() {
			return forms().stream().filter(f -> f.action(this.uri).getPath().endsWith("/oauth2/authorize")).toList();
		}

	}

	/** A form as a browser would submit it. */
	public record Form(String rawAction, String method, Map<String, List<String>> fields, List<Field> checkboxes,
			List<Field> buttons) {

		private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
				Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

		private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

		private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>(.*?)</button>",
				Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

		private static final Pattern ATTRIBUTE = Pattern
			.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");

		/** A form whose only submit is a Deny, or that says consent_action=deny. */
		boolean isDeny() {
			return this.fields.getOrDefault("consent_action", List.of()).contains("deny")
					|| (!this.buttons.isEmpty() && this.buttons.stream()
						.allMatch(b -> Pattern.compile("deny|cancel|reject|decline", Pattern.CASE_INSENSITIVE)
							.matcher(b.name() + " " + b.value() + " " + b.label())
							.find()));
		}

		public URI action(URI page) {
			return (this.rawAction == null || this.rawAction.isEmpty()) ? page : page.resolve(this.rawAction);
		}

		/** Hidden and text fields with their values (checkboxes and buttons apart). */
		public Map<String, List<String>> fieldsForSubmit() {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			this.fields.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
			return copy;
		}

		public List<String> checkboxValues(String name) {
			return this.checkboxes.stream().filter(f -> name.equals(f.name())).map(Field::value).toList();
		}

		/** The submit button whose name, value or label matches {@code pattern}. */
		public java.util.Optional<Field> button(String pattern) {
			Pattern wanted = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
			return this.buttons.stream()
				.filter(b -> b.name() != null && !b.name().isEmpty())
				.filter(b -> wanted.matcher(b.name() + " " + b.value() + " " + b.label()).find())
				.findFirst();
		}

		static List<Form> parse(String html) {
			List<Form> forms = new ArrayList<>();
			if (html == null) {
				return forms;
			}
			Matcher form = FORM.matcher(html);
			while (form.find()) {
				Map<String, String> attributes = attributes(form.group(1));
				Map<String, List<String>> fields = new LinkedHashMap<>();
				List<Field> checkboxes = new ArrayList<>();
				List<Field> buttons = new ArrayList<>();
				Matcher input = INPUT.matcher(form.group(2));
				while (input.find()) {
					Map<String, String> a = attributes(input.group(1));
					String type = a.getOrDefault("type", "text").toLowerCase(Locale.ROOT);
					String name = a.get("name");
					if (name == null) {
						continue;
					}
					String value = a.getOrDefault("value", "");
					switch (type) {
						case "checkbox", "radio" -> checkboxes.add(new Field(name, value, ""));
						case "submit" -> buttons.add(new Field(name, value, value));
						default -> fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
					}
				}
				Matcher button = BUTTON.matcher(form.group(2));
				while (button.find()) {
					Map<String, String> a = attributes(button.group(1));
					buttons.add(new Field(a.get("name"), a.getOrDefault("value", ""),
							button.group(2).replaceAll("<[^>]*>", "").trim()));
				}
				forms.add(new Form(attributes.get("action"), attributes.getOrDefault("method", "get"), fields,
						checkboxes, buttons));
			}
			return forms;
		}

		static Map<String, String> attributes(String tag) {
			Map<String, String> attributes = new LinkedHashMap<>();
			Matcher m = ATTRIBUTE.matcher(tag);
			while (m.find()) {
				String value = (m.group(2) != null) ? m.group(2) : (m.group(3) != null) ? m.group(3) : m.group(4);
				attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), (value != null) ? unescape(value) : "");
			}
			return attributes;
		}

		static String unescape(String html) {
			return html.replace("&quot;", "\"")
				.replace("&#39;", "'")
				.replace("&#x27;", "'")
				.replace("&lt;", "<")
				.replace("&gt;", ">")
				.replace("&#x3D;", "=")
				.replace("&#61;", "=")
				.replace("&#43;", "+")
				.replace("&#47;", "/")
				.replace("&amp;", "&");
		}

	}

	/** An input or button: its name, value and (buttons) visible label. */
	public record Field(String name, String value, String label) {
	}

}
