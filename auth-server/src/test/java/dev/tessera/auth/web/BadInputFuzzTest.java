package dev.tessera.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated requests at the real endpoints of a running server (jqwik, on the
 * JUnit Platform next to Jupiter): valid requests to every OAuth endpoint and to the
 * admin API, with parameters dropped, repeated, added or garbled, bytes flipped,
 * percent-encodings broken, bodies replaced (JSON, huge, empty), methods, content types
 * and {@code Authorization} headers changed, garbage headers added. Every answer is below
 * 500 and carries no stack trace, no HTML error page, no server name; an error on an
 * OAuth endpoint is RFC 6749 JSON (on userinfo an RFC 6750 {@code WWW-Authenticate}
 * challenge may stand instead; the browser endpoints {@code /oauth2/authorize} and
 * {@code /connect/logout} may redirect or show Tessera's own error page, as designed),
 * and an error on the admin API is an RFC 9457 problem.
 * <p>
 * The node runs without the client-authentication throttle
 * ({@code tessera.abuse.enabled=false}): with it, every sample from 127.0.0.1 after the
 * first hundred failures would be a 429 written before any parameter is read. A
 * statistics coverage check makes sure most token-endpoint samples reach the endpoint's
 * handling (200, 400, 401) and none is a 429; a short property against a second node
 * whose throttle answers nearly everything checks the 429s are as well-formed.
 * <p>
 * The seed is fixed, the number of tries comes from {@code jqwik.tries.default} (250 in
 * {@code junit-platform.properties}; a longer run: {@code -Djqwik.tries.default=5000}),
 * and {@link TriesAsConfigured} fails a property that ran another number of tries or
 * another seed.
 */
@AddLifecycleHook(BadInputFuzzTest.TriesAsConfigured.class)
class BadInputFuzzTest {

	static final String SEED = "1616161616";

	/** The statuses that show a token request reached the endpoint's handling. */
	static final Set<Integer> HANDLED = Set.of(200, 400, 401);

	static Node node;

	static String base;

	/** A node whose client-authentication throttle answers all but the first failure. */
	static Node throttledNode;

	static String throttledBase;

	static IssuedSecret client;

	static String accessToken;

	static String adminToken;

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@BeforeContainer
	static void start() {
		node = Node.start(TestDatabase.get().createDatabase(), "--tessera.abuse.enabled=false");
		base = node.http().get("/.well-known/oauth-authorization-server").json().get("issuer").toString();
		ClientRegistrar registrar = node.bean(ClientRegistrar.class);
		client = registrar.register(ClientDraft.clientCredentials(null, "fuzz",
				Set.of("admin:clients", "admin:read", "admin:users"), Set.of(), Set.of(base)));
		Http.Response token = node.http()
			.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
					form("grant_type", "client_credentials", "scope", "admin:clients admin:read admin:users"));
		adminToken = (String) token.json().get("access_token");
		accessToken = adminToken;
		throttledNode = Node.start(TestDatabase.get().createDatabase(), "--tessera.abuse.address-burst=1",
				"--tessera.abuse.address-refill=1h", "--tessera.abuse.client-address-burst=1",
				"--tessera.abuse.client-address-refill=1h");
		throttledBase = throttledNode.http()
			.get("/.well-known/oauth-authorization-server")
			.json()
			.get("issuer")
			.toString();
	}

	@AfterContainer
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (throttledNode != null) {
			throttledNode.close();
		}
	}

	@Property(seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void oauthEndpointsAnswerBadInputWithRfc6749Json(@ForAll("oauthRequests") FuzzRequest request) {
		Answer answer = send(base, request);
		if ("POST".equals(request.method()) && "/oauth2/token".equals(request.path())) {
			Statistics.label("token endpoint").collect(answer.status());
		}
		Statistics.label("token endpoint").coverage((coverage) -> {
			coverage.checkQuery((status) -> HANDLED.contains(status.get(0))).percentage((share) -> share >= 50);
			coverage.check(200).count((count) -> count >= 1);
			coverage.check(429).count((count) -> count == 0);
		});
		assertWellFormed(request, answer);
	}

	/**
	 * Throttled answers (the client is unknown on this node: every request that
	 * authenticates a client fails, and all but the first are throttled) are as
	 * well-formed.
	 */
	@Property(seed = SEED, tries = 40, shrinking = ShrinkingMode.BOUNDED)
	void throttledAnswersAreWellFormedToo(@ForAll("oauthRequests") FuzzRequest request) {
		Answer answer = send(throttledBase, request);
		if ("POST".equals(request.method()) && "/oauth2/token".equals(request.path())) {
			Statistics.label("throttled token endpoint").collect(answer.status());
		}
		Statistics.label("throttled token endpoint")
			.coverage((coverage) -> coverage.check(429).percentage((share) -> share >= 50));
		assertWellFormed(request, answer);
		if (answer.status() == 429) {
			assertThat(answer.json(request)).as(request + " -> " + answer).containsEntry("error", "too_many_requests");
			assertThat(Long.parseLong(answer.header("Retry-After"))).as(request + " -> " + answer).isPositive();
		}
	}

	static void assertWellFormed(FuzzRequest request, Answer answer) {
		assertSafe(request, answer);
		if (answer.status() < 400 || "HEAD".equals(request.method())) {
			return;
		}
		String endpoint = decodedPath(request.path());
		boolean browserEndpoint = "/oauth2/authorize".equals(endpoint) || "/connect/logout".equals(endpoint);
		if (browserEndpoint && answer.contentType().startsWith("text/html")) {
			return; // Tessera's own authorization error page (escaped, no details)
		}
		if ("/userinfo".equals(endpoint) && answer.body().isEmpty()
				&& answer.header("WWW-Authenticate").startsWith("Bearer")) {
			return; // RFC 6750 §3: the error is in the challenge
		}
		if (!isOAuthEndpoint(request.path())) {
			// a path next to an endpoint (/oauth2/token/, /OAUTH2/TOKEN): a problem, as
			// everywhere else, or the endpoint's JSON where the server takes it for one
			assertThat(answer.contentType()).as(request + " -> " + answer).matches("application/(problem\\+)?json.*");
			assertThat(answer.json(request)).as(request + " -> " + answer).isNotEmpty();
			return;
		}
		assertThat(answer.contentType()).as(request + " -> " + answer).startsWith("application/json");
		assertThat(answer.json(request)).as(request + " -> " + answer).containsKey("error");
		assertThat(answer.json(request).get("error")).as(request + " -> " + answer).isInstanceOf(String.class);
	}

	/** The path without its query, percent-decoded; "" when it cannot be decoded. */
	static String decodedPath(String path) {
		try {
			return java.net.URLDecoder.decode(path.replaceAll("[?#].*", "").replace("+", "%2B"),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	/**
	 * Whether the server takes this path (decoded, without its query) for an OAuth
	 * endpoint.
	 */
	static boolean isOAuthEndpoint(String path) {
		String plain = path.replaceAll("[?#].*", "");
		try {
			plain = java.net.URLDecoder.decode(plain.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return Set
			.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/jwks", "/oauth2/authorize",
					"/userinfo", "/connect/logout", "/.well-known/oauth-authorization-server",
					"/.well-known/openid-configuration")
			.contains(plain);
	}

	@Property(seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void adminApiAnswersBadInputWithProblems(@ForAll("adminRequests") FuzzRequest request) {
		Answer answer = send(base, request);
		assertSafe(request, answer);
		if (answer.status() < 400 || "HEAD".equals(request.method())) {
			return;
		}
		assertThat(answer.contentType()).as(request + " -> " + answer).startsWith("application/problem+json");
		assertThat(answer.json(request)).as(request + " -> " + answer).containsEntry("status", (long) answer.status());
	}

	/** Never a 5xx, a stack trace, Tomcat's or Spring's pages, a banner; headers set. */
	static void assertSafe(FuzzRequest request, Answer answer) {
		String what = request + " -> " + answer;
		assertThat(answer.status()).as(what).isBetween(200, 499);
		assertThat(answer.body()).as(what)
			.doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContainIgnoringCase("tomcat")
			.doesNotContain("Whitelabel")
			.doesNotContain("HTTP Status ");
		assertThat(answer.header("Server")).as(what).isEmpty();
		assertThat(answer.header("X-Powered-By")).as(what).isEmpty();
		assertThat(answer.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
		if (answer.status() >= 300 && answer.status() < 400) {
			assertThat(request.path()).as("only the browser endpoints redirect: " + what)
				.matches("/(oauth2/authorize|connect/logout|login).*");
		}
	}

	// ---- generation: valid requests, then mutations

	@Provide
	Arbitrary<FuzzRequest> oauthRequests() {
		return mutated(Arbitraries.of(
				() -> post("/oauth2/token", basic(), "grant_type=client_credentials&scope=admin%3Aread"),
				() -> post("/oauth2/token", null,
						"grant_type=client_credentials&client_id=" + client.clientId() + "&client_secret="
								+ client.clientSecret()),
				() -> post("/oauth2/token", basic(),
						"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
				() -> post("/oauth2/token", null, "grant_type=client_credentials&client_id=" + client.clientId()
						+ "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
						+ "&client_assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"),
				() -> post("/oauth2/token", basic(), "grant_type=refresh_token&refresh_token=abc"),
				() -> post("/oauth2/token", basic(),
						"grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code_verifier=x"),
				() -> post("/oauth2/introspect", basic(), "token=" + accessToken),
				() -> post("/oauth2/revoke", basic(), "token=abc&token_type_hint=access_token"),
				() -> get("/oauth2/jwks", null), () -> get("/.well-known/oauth-authorization-server", null),
				() -> get("/.well-known/openid-configuration", null),
				() -> get("/oauth2/authorize?response_type=code&client_id=" + client.clientId()
						+ "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid&state=s", null),
				() -> get("/userinfo", "Bearer " + accessToken),
				() -> get("/connect/logout?post_logout_redirect_uri=https%3A%2F%2Fapp.example%2F", null)));
	}

	@Provide
	Arbitrary<FuzzRequest> adminRequests() {
		String bearer = "Bearer " + adminToken;
		return mutated(Arbitraries.of(() -> get("/admin/api/clients", bearer),
				() -> get("/admin/api/clients/" + client.clientId(), bearer),
				() -> get("/admin/api/clients/fuzz-target/usage", bearer), () -> get("/admin/api/scopes", bearer),
				() -> get("/admin/api/users", bearer), () -> get("/admin/api/trusted-issuers", bearer),
				() -> get("/admin/api/audit?limit=5", bearer), () -> get("/admin/api/overview", bearer),
				() -> get("/admin/api/keys", bearer),
				() -> json("POST", "/admin/api/clients", bearer,
						"{\"clientId\":\"fuzz-target\",\"name\":\"Fuzz\",\"grantTypes\":[\"client_credentials\"],"
								+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"admin:read\"],"
								+ "\"audiences\":[\"https://api.example\"]}"),
				() -> json("PATCH", "/admin/api/clients/fuzz-target", bearer,
						"{\"name\":\"Fuzz 2\",\"accessTokenTtlSeconds\":300,\"enabled\":true}"),
				() -> json("POST", "/admin/api/clients/fuzz-target/secret", bearer, "{\"graceSeconds\":60}"),
				() -> json("POST", "/admin/api/scopes", bearer, "{\"name\":\"fuzz:scope\",\"description\":\"Fuzz\"}"),
				() -> json("POST", "/admin/api/users", bearer,
						"{\"username\":\"fuzz.user\",\"password\":\"correct horse battery staple 1\","
								+ "\"roles\":[\"viewer\"]}"),
				() -> json("POST", "/admin/api/trusted-issuers", bearer,
						"{\"issuer\":\"https://idp.example\",\"jwksUri\":\"https://idp.example/jwks\","
								+ "\"audiences\":[\"https://api.example\"]}"),
				() -> json("POST", "/admin/api/audit/verify", bearer, ""),
				() -> json("DELETE", "/admin/api/scopes/fuzz:scope", bearer, null)));
	}

	private static Arbitrary<FuzzRequest> mutated(Arbitrary<java.util.function.Supplier<FuzzRequest>> valid) {
		Arbitrary<List<Mutation>> mutations = Arbitraries.of(Mutation.values()).list().ofMinSize(0).ofMaxSize(3);
		Arbitrary<String> noise = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
				Arbitraries.strings().ascii().ofMaxLength(40),
				Arbitraries.of("%", "%zz", "%C3%28", "%00", "%FF%FE", "+", "&&", "==", "\u00e9\u00df\u4e2d",
						"\uD83D\uDE00", "null", "[]", "{}", "-1", "99999999999999999999", "true", "\"", "'", "\\",
						"../../", ";", ""));
		Arbitrary<Long> positions = Arbitraries.longs().between(0, Long.MAX_VALUE);
		return Combinators.combine(valid, mutations, noise.list().ofSize(4), positions.list().ofSize(4))
			.as((supplier, chosen, noises, picks) -> {
				FuzzRequest request = supplier.get();
				for (int i = 0; i < chosen.size(); i++) {
					request = chosen.get(i).apply(request, noises.get(i % 4), picks.get(i % 4));
				}
				return request;
			});
	}

	static FuzzRequest post(String path, String authorization, String form) {
		return new FuzzRequest("POST", path, "application/x-www-form-urlencoded", authorization,
				form.getBytes(StandardCharsets.ISO_8859_1), List.of());
	}

	static FuzzRequest get(String path, String authorization) {
		return new FuzzRequest("GET", path, null, authorization, null, List.of());
	}

	static FuzzRequest json(String method, String path, String authorization, String json) {
		return new FuzzRequest(method, path, (json != null) ? "application/json" : null, authorization,
				(json != null) ? json.getBytes(StandardCharsets.UTF_8) : null, List.of());
	}

	static String basic() {
		return Http.basic(client.clientId(), client.clientSecret());
	}

	/** What a mutation does to a request, given some noise and a position. */
	enum Mutation {

		DROP_PARAMETER {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				return r.withParameters(params -> {
					if (!params.isEmpty()) {
						params.remove((int) (pick % params.size()));
					}
				});
			}
		},
		REPEAT_PARAMETER {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				return r.withParameters(params -> {
					if (!params.isEmpty()) {
						params.add(params.get((int) (pick % params.size())));
					}
				});
			}
		},
		ADD_PARAMETER {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] names = { "grant_type", "scope", "client_id", "token", "resource", "audience", "assertion",
						"client_assertion", "code", "redirect_uri", "response_type", "state", "nonce", "code_challenge",
						"request", "request_uri", "prompt", noise };
				String name = names[(int) (pick % names.length)];
				return r.withParameters(params -> params.add(encode(name) + "=" + encode(noise)));
			}
		},
		GARBLE_VALUE {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				return r.withParameters(params -> {
					if (!params.isEmpty()) {
						int i = (int) (pick % params.size());
						String param = params.get(i);
						int equals = param.indexOf('=');
						params.set(i, ((equals >= 0) ? param.substring(0, equals) : param) + "=" + noise);
					}
				});
			}
		},
		FLIP_BYTE {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				if (r.body() == null || r.body().length == 0) {
					return r;
				}
				byte[] body = r.body().clone();
				int i = (int) (pick % body.length);
				body[i] = (byte) (body[i] ^ (1 << (pick % 8)));
				return r.withBody(body);
			}
		},
		TRUNCATE_BODY {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				return (r.body() == null) ? r
						: r.withBody(Arrays.copyOf(r.body(), (int) (pick % (r.body().length + 1))));
			}
		},
		JSON_BODY {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] bodies = { "{\"grant_type\":\"client_credentials\"}", "{", "[]", "null", "{\"name\":123}",
						"{\"name\":[\"a\"],\"scopes\":\"admin:read\"}", "{\"graceSeconds\":\"60\"}",
						"{\"graceSeconds\":1e400}", "{\"enabled\":\"yes\"}", "{\"name\":{\"a\":1}}",
						"{\"accessTokenTtlSeconds\":1.5}", "{\"roles\":[1,2]}", "{\"a\":" + "[".repeat(2000) + "}",
						"{\"name\":\"" + noise.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}" };
				return r.withContentType("application/json")
					.withBody(bodies[(int) (pick % bodies.length)].getBytes(StandardCharsets.UTF_8));
			}
		},
		HUGE_BODY {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				byte[] body = new byte[1024 * 1024 + 1 + (int) (pick % 1000)];
				Arrays.fill(body, (byte) 'a');
				return r.withBody(body);
			}
		},
		METHOD {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] methods = { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FUZZ" };
				return r.withMethod(methods[(int) (pick % methods.length)]);
			}
		},
		CONTENT_TYPE {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] types = { "application/json", "text/plain", "multipart/form-data; boundary=x",
						"multipart/form-data", "application/x-www-form-urlencoded; charset=ISO-8859-1",
						"application/x-www-form-urlencoded; charset=nonsense", "a/b/c", "*/*", "text/html",
						"application/xml", "application/merge-patch+json", "application/json; charset=UTF-16", ";;;",
						noise.replaceAll("[^\\x21-\\x7e ]", "") };
				return r.withContentType(types[(int) (pick % types.length)]);
			}
		},
		AUTHORIZATION {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] values = { "Basic", "Basic ", "Basic !!!", "Basic " + b64(noise), "Basic " + b64(":"),
						"Basic " + b64(noise + ":" + noise), "Basic " + b64("%zz:%zz"),
						"Basic " + b64(client.clientId() + ":" + noise), "Bearer", "Bearer " + noise,
						"Bearer eyJhbGciOiJub25lIn0.e30.", "Digest x", "basic " + b64("a:b"), ascii(noise), null };
				return r.withAuthorization(values[(int) (pick % values.length)]);
			}
		},
		GARBAGE_HEADER {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String[] names = { "X-Forwarded-For", "Client-Cert", "Accept", "Accept-Charset", "X-Correlation-Id",
						"DPoP", "Origin", "Cookie", "X-Fuzz", "Range", "If-None-Match", "Accept-Language" };
				List<String> headers = new ArrayList<>(r.headers());
				headers.add(names[(int) (pick % names.length)]);
				headers.add(ascii(noise));
				return r.withHeaders(headers);
			}
		},
		PATH {
			@Override
			FuzzRequest apply(FuzzRequest r, String noise, long pick) {
				String path = r.path();
				int query = path.indexOf('?');
				String plain = (query >= 0) ? path.substring(0, query) : path;
				String rest = (query >= 0) ? path.substring(query) : "";
				String[] variants = { plain + "/", plain + "/x", plain + "%2F", plain + ";a=b", plain + "%00",
						plain.replace("o", "%6F"), plain + "?" + encode(noise), plain + "/.." + rest, plain + "?a=%zz",
						plain.toUpperCase() + rest, plain + rest + "#frag" };
				return r.withPath(variants[(int) (pick % variants.length)]);
			}
		};

		abstract FuzzRequest apply(FuzzRequest request, String noise, long pick);

		static String encode(String text) {
			return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

		static String b64(String text) {
			return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

		/** What HttpClient lets through as a header value: visible ASCII and spaces. */
		static String ascii(String text) {
			return text.replaceAll("[^\\x20-\\x7e]", "?").trim();
		}

	}

	/** One request as sent: the body as bytes, extra headers as name-value pairs. */
	record FuzzRequest(String method, String path, String contentType, String authorization, byte[] body,
			List<String> headers) {

		FuzzRequest withParameters(java.util.function.Consumer<List<String>> change) {
			boolean inBody = this.body != null && "application/x-www-form-urlencoded".equals(this.contentType);
			String text = inBody ? new String(this.body, StandardCharsets.ISO_8859_1)
					: (this.path.contains("?") ? this.path.substring(this.path.indexOf('?') + 1) : "");
			List<String> params = new ArrayList<>(text.isEmpty() ? List.of() : List.of(text.split("&", -1)));
			change.accept(params);
			String joined = String.join("&", params);
			if (inBody) {
				return withBody(joined.getBytes(StandardCharsets.ISO_8859_1));
			}
			String plain = this.path.contains("?") ? this.path.substring(0, this.path.indexOf('?')) : this.path;
			return withPath(joined.isEmpty() ? plain : plain + "?" + joined);
		}

		FuzzRequest withBody(byte[] body) {
			return new FuzzRequest(this.method, this.path, this.contentType, this.authorization, body, this.headers);
		}

		FuzzRequest withPath(String path) {
			return new FuzzRequest(this.method, path, this.contentType, this.authorization, this.body, this.headers);
		}

		FuzzRequest withMethod(String method) {
			return new FuzzRequest(method, this.path, this.contentType, this.authorization, this.body, this.headers);
		}

		FuzzRequest withContentType(String contentType) {
			return new FuzzRequest(this.method, this.path, contentType, this.authorization, this.body, this.headers);
		}

		FuzzRequest withAuthorization(String authorization) {
			return new FuzzRequest(this.method, this.path, this.contentType, authorization, this.body, this.headers);
		}

		FuzzRequest withHeaders(List<String> headers) {
			return new FuzzRequest(this.method, this.path, this.contentType, this.authorization, this.body, headers);
		}

		@Override
		public String toString() {
			String shown = (this.body == null) ? ""
					: new String(this.body, 0, Math.min(this.body.length, 300), StandardCharsets.ISO_8859_1);
			return this.method + " " + this.path + " [" + this.contentType + "] auth=" + this.authorization + " "
					+ this.headers + " body(" + ((this.body != null) ? this.body.length : 0) + ")=" + shown;
		}

	}

	record Answer(int status, Map<String, List<String>> headers, String body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0))
				.findFirst()
				.orElse("");
		}

		String contentType() {
			return header("Content-Type");
		}

		Map<String, Object> json(FuzzRequest request) {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("Not a JSON object: " + request + " -> " + this, ex);
			}
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + this.body.substring(0, Math.min(this.body.length(), 500));
		}

	}

	static Answer send(String base, FuzzRequest request) {
		URI uri;
		try {
			uri = URI.create(base + request.path());
		}
		catch (IllegalArgumentException ex) {
			// what HttpClient cannot send as a URI (the raw socket tests send such lines)
			uri = URI.create(base + request.path()
				.replaceAll("%(?![0-9A-Fa-f]{2})", "%25")
				.replaceAll("[^A-Za-z0-9/?&=%._~:;+-]", ""));
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
		builder.method(request.method(), (request.body() != null)
				? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody());
		Map<String, String> headers = new LinkedHashMap<>();
		if (request.contentType() != null && !request.contentType().isBlank()) {
			headers.put("Content-Type", request.contentType());
		}
		if (request.authorization() != null && !request.authorization().isBlank()) {
			headers.put("Authorization", request.authorization());
		}
		for (int i = 0; i + 1 < request.headers().size(); i += 2) {
			headers.put(request.headers().get(i), request.headers().get(i + 1));
		}
		headers.forEach((name, value) -> {
			try {
				builder.header(name, value);
			}
			catch (IllegalArgumentException ex) {
				// a value the client itself refuses to send
			}
		});
		try {
			HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers().map(),
					new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new AssertionError("No answer: " + request, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Fails a property that ran another number of tries than configured (its
	 * {@code tries}, else {@code jqwik.tries.default}: the system property, else
	 * {@code junit-platform.properties}) or with another seed than {@link #SEED}, so a
	 * setting jqwik does not apply cannot pass as a full run.
	 */
	static class TriesAsConfigured implements AroundPropertyHook {

		@Override
		public PropagationMode propagateTo() {
			return PropagationMode.ALL_DESCENDANTS;
		}

		@Override
		public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
			PropertyExecutionResult result = property.execute();
			if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
				return result;
			}
			int expected = context.attributes().tries().orElseGet(TriesAsConfigured::defaultTries);
			if (result.countTries() != expected || !SEED.equals(result.seed().orElse(null))) {
				return result.mapToFailed(context.extendedLabel() + " ran " + result.countTries() + " tries with seed "
						+ result.seed().orElse(null) + ", configured: " + expected + " with seed " + SEED);
			}
			System.out.println(context.extendedLabel() + ": " + result.countTries() + " tries, seed " + SEED);
			return result;
		}

		static int defaultTries() {
			String value = System.getProperty("jqwik.tries.default");
			if (value == null) {
				Properties properties = new Properties();
				try (InputStream in = BadInputFuzzTest.class.getResourceAsStream("/junit-platform.properties")) {
					properties.load(in);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				value = properties.getProperty("jqwik.tries.default");
			}
			return Integer.parseInt(value.trim());
		}

	}

}
