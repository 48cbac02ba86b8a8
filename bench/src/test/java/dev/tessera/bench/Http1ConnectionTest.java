package dev.tessera.bench;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's connection against a scripted server: both body framings, the
 * request as sent, keep-alive, and a server that closes after a response.
 */
class Http1ConnectionTest {

	private ServerSocket server;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void readsContentLengthAndChunkedBodiesOnOneKeptAliveConnection() throws IOException {
		URI node = serve(List.of(
				"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"keys\":[1,2]}",
				"HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n"
						+ "a\r\n{\"error\":\"\r\n10;ext=1\r\ninvalid_client\"}\r\n0\r\n\r\n"));
		try (Http1Connection connection = new Http1Connection(node)) {
			Http1Connection.Response first = connection.exchange(LoadRequest
				.postForm(node.resolve("/oauth2/token"), Map.of("Authorization", "Basic eDp5"), "a=b&c=d")
				.encode());
			assertEquals(200, first.status());
			assertEquals("{\"keys\":[1,2]}", first.body());
			Http1Connection.Response second = connection
				.exchange(LoadRequest.get(node.resolve("/oauth2/jwks")).encode());
			assertEquals(401, second.status());
			assertEquals("{\"error\":\"invalid_client\"}", second.body());
		}
		assertEquals(1, this.accepted.get(), "one connection for both requests");
		String post = this.requests.get(0);
		assertTrue(post.startsWith("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + node.getPort() + "\r\n"), post);
		assertTrue(post.contains("\r\nAuthorization: Basic eDp5\r\n"), post);
		assertTrue(post.contains("\r\nContent-Type: application/x-www-form-urlencoded\r\n"), post);
		assertTrue(post.endsWith("\r\nContent-Length: 7\r\n\r\na=b&c=d"), post);
		assertTrue(this.requests.get(1).startsWith("GET /oauth2/jwks HTTP/1.1\r\n"), this.requests.get(1));
	}

	@Test
	void reconnectsAfterTheServerSaidConnectionClose() throws IOException {
		URI node = serve(List.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
				"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"));
		try (Http1Connection connection = new Http1Connection(node)) {
			assertEquals("ok", connection.exchange(LoadRequest.get(node.resolve("/a")).encode()).body());
			assertEquals("again", connection.exchange(LoadRequest.get(node.resolve("/b")).encode()).body());
		}
		assertEquals(2, this.accepted.get());
	}

	@Test
	void aResponseWithoutFramingIsAnError() throws IOException {
		URI node = serve(List.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nunframed"));
		try (Http1Connection connection = new Http1Connection(node)) {
			assertThrows(IOException.class, () -> connection.exchange(LoadRequest.get(node.resolve("/")).encode()));
		}
	}

	@Test
	void aKeptAliveConnectionClosedBeforeAnsweringIsReopenedOnce() throws IOException {
		// the second response is a bare close: the server dropped the idle connection
		// unanswered
		URI node = serve(List.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst", CLOSE,
				"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"));
		try (Http1Connection connection = new Http1Connection(node)) {
			assertEquals("first", connection.exchange(LoadRequest.get(node.resolve("/a")).encode()).body());
			assertEquals("second", connection.exchange(LoadRequest.get(node.resolve("/b")).encode()).body());
		}
		assertEquals(2, this.accepted.get());
		assertEquals(3, this.requests.size(), "the unanswered request was sent again, once");
	}

	@Test
	void aTruncatedBodyIsAnErrorAndNotRetried() throws IOException {
		URI node = serve(List.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
				"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\ncut",
				"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh"));
		try (Http1Connection connection = new Http1Connection(node)) {
			assertEquals("first", connection.exchange(LoadRequest.get(node.resolve("/a")).encode()).body());
			assertThrows(EOFException.class,
					() -> connection.exchange(LoadRequest.postForm(node.resolve("/t"), Map.of(), "x=1").encode()));
			assertEquals(2, this.requests.size(), "a POST that may have been processed is not sent again");
			assertEquals("fresh", connection.exchange(LoadRequest.get(node.resolve("/c")).encode()).body(),
					"the next request goes out on a new connection, not after the broken response");
		}
	}

	private static final String CLOSE = "<close>";

	/**
	 * Answers the scripted responses in order, one per request, closing where a response
	 * says so ({@code Connection: close}) or is {@link #CLOSE} (closed without an
	 * answer).
	 */
	private URI serve(List<String> responses) throws IOException {
		this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		List<String> script = new ArrayList<>(responses);
		Thread thread = new Thread(() -> {
			while (!script.isEmpty()) {
				try (Socket socket = this.server.accept()) {
					this.accepted.incrementAndGet();
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
					OutputStream out = socket.getOutputStream();
					while (!script.isEmpty()) {
						String request = readRequest(in);
						if (request == null) {
							break;
						}
						this.requests.add(request);
						String response = script.remove(0);
						if (response.equals(CLOSE)) {
							break;
						}
						out.write(response.getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
						if (response.contains("Connection: close")) {
							break;
						}
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "scripted-server");
		thread.setDaemon(true);
		thread.start();
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	private static String readRequest(BufferedReader in) throws IOException {
		StringBuilder request = new StringBuilder();
		int length = 0;
		String line;
		while ((line = in.readLine()) != null) {
			request.append(line).append("\r\n");
			if (line.isEmpty()) {
				char[] body = new char[length];
				int read = 0;
				while (read < length) {
					int n = in.read(body, read, length - read);
					if (n < 0) {
						return null;
					}
					read += n;
				}
				return request.append(body).toString();
			}
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		return null;
	}

}
