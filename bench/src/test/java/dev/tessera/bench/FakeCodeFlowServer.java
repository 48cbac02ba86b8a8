package dev.tessera.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted authorization server for the refresh scenario's client side, as the contract
 * words Tessera's: the authorization endpoint sends an unknown browser to the sign-in
 * page with a session cookie, the page carries a hidden {@code _csrf} input (its value
 * with character references, and its attributes out of the usual order), a good sign-in
 * replaces the session cookie and redirects (relatively) back to the saved authorization
 * request, which then redirects to the callback with {@code code}, {@code state} and
 * {@code iss}; the token endpoint checks the PKCE verifier and rotates refresh tokens,
 * refusing a used one. It can be told to leave the refresh token out of one answer.
 */
final class FakeCodeFlowServer implements AutoCloseable {

	static final String CLIENT_ID = "cf-client";

	static final String CLIENT_SECRET = "cf-s3cret";

	static final String USERNAME = "alice";

	static final String PASSWORD = "correct horse battery";

	/** The CSRF token, and how the page writes it. */
	static final String CSRF = "tok-en==";

	private static final String CSRF_IN_PAGE = "tok&#x2D;en&#61;&#61;";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final String issuer;

	/** Session id to the saved authorization request's query (before sign-in). */
	private final Map<String, String> pending = new ConcurrentHashMap<>();

	private final Set<String> signedIn = ConcurrentHashMap.newKeySet();

	/** Code to its PKCE challenge. */
	private final Map<String, String> codes = new ConcurrentHashMap<>();

	private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();

	private final AtomicInteger refreshes = new AtomicInteger();

	private final AtomicInteger signIns = new AtomicInteger();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private volatile int omitRefreshTokenAt = -1;

	FakeCodeFlowServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.issuer = "http://localhost:" + this.server.getAddress().getPort();
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	URI node() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	String issuer() {
		return this.issuer;
	}

	RefreshClient client() {
		return new RefreshClient(CLIENT_ID, CLIENT_SECRET, RefreshClient.REDIRECT_URI, "bench:read", USERNAME,
				PASSWORD);
	}

	/** The {@code n}-th refresh (from 1) answers 200 without a refresh token. */
	void omitRefreshTokenAt(int n) {
		this.omitRefreshTokenAt = n;
	}

	int refreshes() {
		return this.refreshes.get();
	}

	int signIns() {
		return this.signIns.get();
	}

	/** What the server refused that a correct client would not have sent. */
	List<String> failures() {
		return this.failures;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (path.equals("/oauth2/authorize") && method.equals("GET")) {
				authorize(exchange);
			}
			else if (path.equals("/login") && method.equals("GET")) {
				loginPage(exchange);
			}
			else if (path.equals("/login") && method.equals("POST")) {
				login(exchange);
			}
			else if (path.equals("/oauth2/token") && method.equals("POST")) {
				token(exchange);
			}
			else {
				send(exchange, 404, "text/plain", "not found");
			}
		}
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = CodeFlow.queryParameters(exchange.getRequestURI().getRawQuery());
		if (!CLIENT_ID.equals(query.get("client_id")) || !RefreshClient.REDIRECT_URI.equals(query.get("redirect_uri"))
				|| !"S256".equals(query.get("code_challenge_method")) || !"code".equals(query.get("response_type"))) {
			fail(exchange, 400, "bad authorization request " + query);
			return;
		}
		String session = session(exchange);
		if (session != null && this.signedIn.contains(session)) {
			String code = UUID.randomUUID().toString();
			this.codes.put(code, query.get("code_challenge"));
			redirect(exchange, RefreshClient.REDIRECT_URI + "?code=" + code + "&state=" + enc(query.get("state"))
					+ "&iss=" + enc(this.issuer));
			return;
		}
		String id = UUID.randomUUID().toString();
		this.pending.put(id, exchange.getRequestURI().getRawQuery());
		exchange.getResponseHeaders().add("Set-Cookie", "TESSERA_SESSION=" + id + "; Path=/; HttpOnly; SameSite=Lax");
		redirect(exchange, node().resolve("/login").toString());
	}

	private void loginPage(HttpExchange exchange) throws IOException {
		if (session(exchange) == null) {
			fail(exchange, 400, "sign-in page without the session cookie");
			return;
		}
		send(exchange, 200, "text/html;charset=UTF-8", """
				<!DOCTYPE html><html lang="en"><head><title>Sign in</title></head><body>
				<form method="post" action="/login">
				<input type="hidden" name="_other" value="x"/>
				<label for="username">Username</label><input id="username" name="username" autofocus>
				<label for="password">Password</label><input id="password" type="password" name="password">
				<input value="%s" type="hidden" name="_csrf"/>
				<button type="submit">Sign in</button></form></body></html>""".formatted(CSRF_IN_PAGE));
	}

	private void login(HttpExchange exchange) throws IOException {
		String session = session(exchange);
		String saved = (session != null) ? this.pending.remove(session) : null;
		Map<String, String> form = CodeFlow.queryParameters(body(exchange));
		if (saved == null || !CSRF.equals(form.get("_csrf"))) {
			fail(exchange, 403, "sign-in without the session or the CSRF token: " + form.get("_csrf"));
			return;
		}
		if (!USERNAME.equals(form.get("username")) || !PASSWORD.equals(form.get("password"))) {
			redirect(exchange, "/login?error");
			return;
		}
		this.signIns.incrementAndGet();
		// a new session id after the sign-in, as Spring Security's session fixation
		// protection does
		String id = UUID.randomUUID().toString();
		this.signedIn.add(id);
		exchange.getResponseHeaders().add("Set-Cookie", "TESSERA_SESSION=" + id + "; Path=/; HttpOnly; SameSite=Lax");
		redirect(exchange, "/oauth2/authorize?" + saved + "&continue");
	}

	private void token(HttpExchange exchange) throws IOException {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		Map<String, String> form = CodeFlow.queryParameters(body(exchange));
		if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			fail(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		switch (String.valueOf(form.get("grant_type"))) {
			case "authorization_code" -> {
				String challenge = this.codes.remove(String.valueOf(form.get("code")));
				if (challenge == null
						|| !challenge.equals(CodeFlow.challenge(String.valueOf(form.get("code_verifier"))))
						|| !RefreshClient.REDIRECT_URI.equals(form.get("redirect_uri"))) {
					fail(exchange, 400, "{\"error\":\"invalid_grant\"}");
					return;
				}
				send(exchange, 200, "application/json", tokens(newRefreshToken()));
			}
			case "refresh_token" -> {
				if (!this.liveRefreshTokens.remove(String.valueOf(form.get("refresh_token")))) {
					send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
					return;
				}
				int n = this.refreshes.incrementAndGet();
				send(exchange, 200, "application/json",
						(n == this.omitRefreshTokenAt) ? tokens(null) : tokens(newRefreshToken()));
			}
			default -> fail(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
		}
	}

	private String newRefreshToken() {
		String token = UUID.randomUUID().toString();
		this.liveRefreshTokens.add(token);
		return token;
	}

	private static String tokens(String refreshToken) {
		return "{\"access_token\":\"eyJ.x.y\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"bench:read\""
				+ ((refreshToken != null) ? ",\"refresh_token\":\"" + refreshToken + "\"" : "") + "}";
	}

	private static String session(HttpExchange exchange) {
		String cookie = exchange.getRequestHeaders().getFirst("Cookie");
		if (cookie == null) {
			return null;
		}
		for (String pair : cookie.split(";")) {
			String[] nameValue = pair.trim().split("=", 2);
			if (nameValue.length == 2 && nameValue[0].equals("TESSERA_SESSION")) {
				return nameValue[1];
			}
		}
		return null;
	}

	private static String body(HttpExchange exchange) throws IOException {
		return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
	}

	private void fail(HttpExchange exchange, int status, String body) throws IOException {
		this.failures.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + body);
		send(exchange, status, "text/plain", body);
	}

	private static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
