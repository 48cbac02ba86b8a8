package dev.tessera.auth.config;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port's health probes while a node waits for its database at start
 * ({@link DatabaseStartupWait}), before the real management server exists: liveness
 * answers {@code 200 {"status":"UP"}} (the process is fine, it is waiting: an
 * orchestrator must not restart it), readiness and overall health answer {@code 503
 * {"status":"DOWN"}} (no traffic yet); every other path is 404. A plain JDK server on one
 * thread, closed before the application context goes on so the real management server can
 * bind the same port.
 */
final class StartupHealthResponder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StartupHealthResponder.class);

	private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private StartupHealthResponder(HttpServer server) {
		this.server = server;
	}

	/**
	 * Serves the probes on {@code address:port}, or returns null when the port is not a
	 * fixed number (0 or unset: the real server would pick another) or cannot be bound
	 * (the wait goes on without it).
	 */
	static StartupHealthResponder start(String address, Integer port) {
		if (port == null || port <= 0) {
			return null;
		}
		try {
			InetSocketAddress bind = (address == null || address.isBlank()) ? new InetSocketAddress(port)
					: new InetSocketAddress(InetAddress.getByName(address), port);
			HttpServer server = HttpServer.create(bind, 0);
			server.createContext("/", StartupHealthResponder::answer);
			server.start();
			return new StartupHealthResponder(server);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not answer health probes on management port {} while waiting for the database: {}", port,
					ex.toString());
			return null;
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			boolean head = "HEAD".equals(exchange.getRequestMethod());
			if (!"GET".equals(exchange.getRequestMethod()) && !head) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] body;
			int status;
			switch (path) {
				case "/actuator/health/liveness" -> {
					status = 200;
					body = UP;
				}
				case "/actuator/health", "/actuator/health/readiness" -> {
					status = 503;
					body = DOWN;
				}
				default -> {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Cache-Control", "no-store");
			if (head) {
				exchange.sendResponseHeaders(status, -1);
				return;
			}
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
