package dev.tessera.samples.clientcredentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Tessera's metadata and token endpoints on 127.0.0.1 and an ephemeral
 * port. The token endpoint behaves like a real one where it matters for the client: it
 * answers {@code 401 invalid_client} unless the {@code Authorization} header is exactly
 * the expected one and {@code 400} unless the form asks for {@code client_credentials}.
 * Every request is recorded for the test to inspect.
 */
final class FakeAuthorizationServer implements AutoCloseable {

	record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	private final HttpServer server;

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final String expectedAuthorization;

	private volatile String advertisedIssuer;

	private volatile String tokenResponse = """
			{"access_token":"eyJ.canned.token","token_type":"Bearer","expires_in":300,"scope":"sample:read"}""";

	FakeAuthorizationServer(String expectedAuthorization) {
		this.expectedAuthorization = expectedAuthorization;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext(TokenClient.METADATA_PATH, this::metadata);
		this.server.createContext("/oauth2/token", this::token);
		this.server.start();
		this.advertisedIssuer = issuer();
	}

	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	URI tokenEndpoint() {
		return URI.create(issuer() + "/oauth2/token");
	}

	/** Makes the metadata claim another issuer, as a misconfigured server would. */
	void advertiseIssuer(String issuer) {
		this.advertisedIssuer = issuer;
	}

	void respondWith(String tokenResponse) {
		this.tokenResponse = tokenResponse;
	}

	List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	private void metadata(HttpExchange exchange) throws IOException {
		record(exchange);
		respond(exchange, 200, """
				{"issuer":"%s","token_endpoint":"%s/oauth2/token","jwks_uri":"%s/oauth2/jwks",
				"token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}"""
			.formatted(this.advertisedIssuer, issuer(), issuer()));
	}

	private void token(HttpExchange exchange) throws IOException {
		RecordedRequest request = record(exchange);
		if (!"POST".equals(request.method())) {
			respond(exchange, 405, "{\"error\":\"invalid_request\"}");
		}
		else if (!this.expectedAuthorization.equals(request.header("Authorization"))) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Basic");
			respond(exchange, 401,
					"{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
		}
		else if (!request.body().startsWith("grant_type=client_credentials")) {
			respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
		}
		else {
			respond(exchange, 200, this.tokenResponse);
		}
	}

	private RecordedRequest record(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
				exchange.getRequestURI().getRawPath(), Map.copyOf(exchange.getRequestHeaders()), body);
		this.requests.add(request);
		return request;
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
