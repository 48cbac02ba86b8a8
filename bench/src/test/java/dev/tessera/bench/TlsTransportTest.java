package dev.tessera.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mTLS scenarios' connections against a JDK TLS server on loopback that wants client
 * certificates, as Tessera's connector does: the client's certificate arrives on every
 * connection, kept-alive connections are reused, and a new connection per request is a
 * resumed session or a full handshake as asked. The handshake kinds are checked from both
 * ends: the client's count of server-certificate checks, and the server's sessions (a
 * resumed one has the same creation time as the one it resumes, a full handshake makes a
 * new one).
 */
class TlsTransportTest {

	private final BenchPki pki = BenchPki.generate();

	private SSLServerSocket server;

	private Thread acceptor;

	/** Per connection: the client certificate's subject, and its session's creation. */
	private final List<String> peers = new CopyOnWriteArrayList<>();

	private final List<Long> sessions = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(new KeyManager[] { this.pki.serverKeyManager() }, new TrustManager[] { this.pki.serverTrust() },
				null);
		this.server = (SSLServerSocket) context.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.server.setWantClientAuth(true);
		this.acceptor = new Thread(this::serve, "fake-tls-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
		this.acceptor.join(5_000);
	}

	@Test
	void aNewConnectionPerRequestResumesTheSessionAfterTheFirstHandshake() throws IOException {
		TlsTransport transport = new TlsTransport(this.pki.clientKeyManager(), this.pki.serverTrust(),
				TlsTransport.Handshakes.RESUMED);
		send(transport, 5, true);

		TlsTransport.Counts counts = transport.takeCounts();
		assertEquals(5, counts.connections());
		assertEquals(1, counts.fullHandshakes(), "only the first connection checks the server's certificate");
		assertEquals(4, counts.resumed());
		assertEquals(5, this.peers.size(), "one server connection per request");
		assertEquals(1, this.sessions.stream().distinct().count(), "the server resumed one session: " + this.sessions);
		assertClientCertificateOnEveryConnection();
		TlsTransport.Counts again = transport.takeCounts();
		assertEquals(0, again.connections(), "counted once");
		assertEquals(0, again.fullHandshakes(), "counted once");
	}

	@Test
	void concurrentWorkersEachResumeTheirOwnSession() throws Exception {
		TlsTransport transport = new TlsTransport(this.pki.clientKeyManager(), this.pki.serverTrust(),
				TlsTransport.Handshakes.RESUMED);
		List<Thread> workers = new ArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 3; i++) {
			Thread worker = new Thread(() -> {
				try {
					send(transport, 4, true);
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join(30_000);
		}

		assertEquals(List.of(), failures);
		TlsTransport.Counts counts = transport.takeCounts();
		assertEquals(12, counts.connections(), counts.describe());
		assertEquals(3, counts.fullHandshakes(), "one full handshake per worker: " + counts.describe());
		assertTrue(this.sessions.stream().distinct().count() <= 3, "at most one server session per worker");
		assertClientCertificateOnEveryConnection();
	}

	@Test
	void aFullHandshakeTransportNeverResumes() throws IOException {
		TlsTransport transport = new TlsTransport(this.pki.clientKeyManager(), this.pki.serverTrust(),
				TlsTransport.Handshakes.FULL);
		send(transport, 5, true);

		TlsTransport.Counts counts = transport.takeCounts();
		assertEquals(5, counts.connections(), counts.describe());
		assertEquals(5, counts.fullHandshakes(), counts.describe());
		assertEquals(0, counts.resumed());
		assertEquals(5, this.sessions.stream().distinct().count(), "a new server session each: " + this.sessions);
		assertClientCertificateOnEveryConnection();
		assertTrue(counts.describe().startsWith("5 TLS connections: 5 full handshakes, 0 resumed sessions (TLSv1.3 "),
				counts.describe());
	}

	@Test
	void keptAliveRequestsShareOneConnection() throws IOException {
		TlsTransport transport = new TlsTransport(this.pki.clientKeyManager(), this.pki.serverTrust(),
				TlsTransport.Handshakes.RESUMED);
		send(transport, 5, false);

		TlsTransport.Counts counts = transport.takeCounts();
		assertEquals(1, counts.connections());
		assertEquals(1, counts.fullHandshakes());
		assertEquals(1, this.peers.size());
		assertClientCertificateOnEveryConnection();
	}

	@Test
	void theServersNameIsChecked() {
		// the certificate is for 127.0.0.1 and localhost: another name of this host is
		// refused, as a partner's client would refuse it
		URI node = URI.create("https://127.0.0.2:" + this.server.getLocalPort());
		TlsTransport transport = new TlsTransport(this.pki.clientKeyManager(), this.pki.serverTrust(),
				TlsTransport.Handshakes.FULL);
		assertThrows(IOException.class, () -> transport.open(node, 2_000, 2_000));
	}

	private void send(TlsTransport transport, int requests, boolean close) throws IOException {
		URI node = URI.create("https://127.0.0.1:" + this.server.getLocalPort());
		Map<String, String> headers = close ? Map.of("Connection", "close") : Map.of();
		try (Http1Connection connection = new Http1Connection(node, transport)) {
			for (int i = 0; i < requests; i++) {
				Http1Connection.Response response = connection
					.exchange(LoadRequest.postForm(node.resolve("/oauth2/token"), headers, "a=" + i).encode());
				assertEquals(200, response.status());
				assertEquals("{\"n\":" + i + "}", response.body());
			}
		}
	}

	private void assertClientCertificateOnEveryConnection() {
		// the subject as registered (tlsSubjectDn), read back from the certificate the
		// server got
		String subject = BenchPki.CLIENT_SUBJECT;
		assertTrue(this.peers.stream().allMatch(subject::equals), this.peers.toString());
	}

	/**
	 * Answers each request with {@code {"n":<the form's a>}}, keeping the connection
	 * unless asked to close it.
	 */
	private void serve() {
		while (!this.server.isClosed()) {
			try (SSLSocket socket = (SSLSocket) this.server.accept()) {
				socket.setSoTimeout(5_000);
				socket.startHandshake();
				this.peers.add(peer(socket));
				this.sessions.add(socket.getSession().getCreationTime());
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
				OutputStream out = socket.getOutputStream();
				boolean open = true;
				while (open) {
					String line = in.readLine();
					if (line == null) {
						break;
					}
					int length = 0;
					boolean close = false;
					while (!(line = in.readLine()).isEmpty()) {
						String lower = line.toLowerCase(Locale.ROOT);
						if (lower.startsWith("content-length:")) {
							length = Integer.parseInt(lower.substring(15).trim());
						}
						close |= lower.equals("connection: close");
					}
					char[] body = new char[length];
					int read = 0;
					while (read < length) {
						read += in.read(body, read, length - read);
					}
					String n = new String(body).substring(2);
					String json = "{\"n\":" + n + "}";
					out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + json.length() + "\r\n"
							+ (close ? "Connection: close\r\n" : "") + "\r\n" + json)
						.getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
					open = !close;
				}
			}
			catch (SocketException ex) {
				// closed at the end of the test
			}
			catch (IOException ex) {
				this.peers.add("error: " + ex);
			}
		}
	}

	private static String peer(SSLSocket socket) {
		try {
			Certificate[] chain = socket.getSession().getPeerCertificates();
			return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "none";
		}
	}

}
