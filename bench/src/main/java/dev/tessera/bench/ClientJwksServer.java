package dev.tessera.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Serves a public key set on a loopback port, as a real deployment would serve it. The
 * baseline needs the benchmark client's: Spring Authorization Server verifies
 * {@code private_key_jwt} only against a client's {@code jwk-set-url} (fetched once, then
 * cached by Nimbus). The JWT-bearer scenario's partner identity provider serves its own
 * this way too, for Tessera to fetch as a trusted issuer's {@code jwksUri}.
 */
final class ClientJwksServer implements AutoCloseable {

	private final HttpServer server;

	private ClientJwksServer(HttpServer server) {
		this.server = server;
	}

	static ClientJwksServer start(ClientKey key) {
		byte[] body = key.publicJwksJson().getBytes(StandardCharsets.UTF_8);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
			server.createContext("/jwks.json", exchange -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return new ClientJwksServer(server);
		}
		catch (IOException ex) {
			throw new BenchmarkException("could not serve a JWKS on loopback", ex);
		}
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks.json");
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	@Override
	public String toString() {
		return "the JWKS server at " + uri();
	}

}
