package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for Tessera's {@code GET /oauth2/jwks}: serves the public half of a JWK Set
 * from a JDK HTTP server on 127.0.0.1 and an ephemeral port, counts the requests, and can
 * switch to another set (a key rotated in or revoked) or fail for a while.
 */
final class JwksServer implements AutoCloseable {

	private final HttpServer server;

	private volatile String publicJwks;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile boolean failing;

	private JwksServer(JWKSet keys) {
		this.publicJwks = keys.toPublicJWKSet().toString();
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/oauth2/jwks", (exchange) -> {
			this.requests.incrementAndGet();
			if (this.failing) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			byte[] body = this.publicJwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	static JwksServer serving(JWKSet keys) {
		return new JwksServer(keys);
	}

	/** An issuer URL on this server, so {@code <issuer>/oauth2/jwks} resolves here. */
	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	String jwkSetUri() {
		return issuer() + "/oauth2/jwks";
	}

	/** Serves {@code keys} from now on. */
	void serve(JWKSet keys) {
		this.publicJwks = keys.toPublicJWKSet().toString();
	}

	/** Answers 503 from now on (a Tessera restarting or overloaded), or no longer. */
	void failing(boolean failing) {
		this.failing = failing;
	}

	String publicJwks() {
		return this.publicJwks;
	}

	int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
