package dev.tessera.admin.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Tessera's auth-server in admin-ui tests: a JDK HTTP server on 127.0.0.1
 * (ephemeral port) that answers the RFC 8414 metadata and a JWKS with a chosen number of
 * keys. The keys are placeholders (the console only counts them), which keeps the test
 * free of the real auth-server and its database.
 */
public final class FakeAuthorizationServer implements AutoCloseable {

	private final HttpServer server;

	private final String issuer;

	private FakeAuthorizationServer(HttpServer server) {
		this.server = server;
		this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Starts a server whose JWKS holds {@code keyCount} keys. */
	public static FakeAuthorizationServer start(int keyCount) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			FakeAuthorizationServer fake = new FakeAuthorizationServer(server);
			server.createContext("/", fake.handler(keyCount));
			server.start();
			return fake;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A loopback port nothing listens on (bound once, then released). */
	public static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The issuer identifier this server advertises, {@code http://127.0.0.1:<port>}. */
	public String issuer() {
		return this.issuer;
	}

	private HttpHandler handler(int keyCount) {
		return exchange -> {
			try {
				String path = exchange.getRequestURI().getPath();
				if (!"GET".equals(exchange.getRequestMethod())) {
					respond(exchange, 405, "{}");
				}
				else if ("/.well-known/oauth-authorization-server".equals(path)) {
					respond(exchange, 200, metadata());
				}
				else if ("/oauth2/jwks".equals(path)) {
					respond(exchange, 200, jwks(keyCount));
				}
				else {
					respond(exchange, 404, "{}");
				}
			}
			finally {
				exchange.close();
			}
		};
	}

	private String metadata() {
		return """
				{"issuer":"%1$s","token_endpoint":"%1$s/oauth2/token","jwks_uri":"%1$s/oauth2/jwks",
				"grant_types_supported":["client_credentials"],
				"token_endpoint_auth_methods_supported":["client_secret_basic","private_key_jwt"]}"""
			.formatted(this.issuer);
	}

	private static String jwks(int keyCount) {
		List<String> keys = new ArrayList<>();
		for (int i = 1; i <= keyCount; i++) {
			keys.add("{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"test-key-" + i
					+ "\",\"e\":\"AQAB\",\"n\":\"placeholder-modulus-" + i + "\"}");
		}
		return "{\"keys\":[" + String.join(",", keys) + "]}";
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
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
