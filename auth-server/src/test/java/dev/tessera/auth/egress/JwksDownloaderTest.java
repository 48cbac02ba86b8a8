package dev.tessera.auth.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Resource;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One download under the outbound rules, against real local servers: redirects, status,
 * size, time and content limits (with a short deadline, so no test waits seconds, and
 * slow servers held by a latch rather than a sleep, so no margin decides); the connection
 * going to the address that was checked, whatever the resolver answers next (DNS
 * rebinding); and TLS verified for the URL's host name, not the address.
 */
class JwksDownloaderTest {

	static final Duration DEADLINE = Duration.ofMillis(500);

	static HttpServer server;

	static ExecutorService executor;

	static RSAKey key;

	static String publicJwks;

	static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	/** Held by the slow handlers until the test releases them. */
	static volatile CountDownLatch release = new CountDownLatch(1);

	JwksDownloader downloader;

	@BeforeAll
	static void startServer() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
		publicJwks = new JWKSet(key.toPublicJWK()).toString();
		String privateJwks = new JWKSet(key).toString(false);
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		executor = Executors.newCachedThreadPool();
		server.setExecutor(executor);
		serve(server, "/jwks", exchange -> respond(exchange, 200, publicJwks));
		serve(server, "/redirect", exchange -> {
			exchange.getResponseHeaders().add("Location", "/jwks");
			respond(exchange, 302, "");
		});
		serve(server, "/missing", exchange -> respond(exchange, 404, "{\"error\":\"not found\"}"));
		serve(server, "/big",
				exchange -> respond(exchange, 200, padded(publicJwks, JwksDownloader.MAX_BODY_BYTES + 1)));
		serve(server, "/big-chunked", exchange -> {
			exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse
													// up front
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(padded(publicJwks, 4 * JwksDownloader.MAX_BODY_BYTES).getBytes(StandardCharsets.UTF_8));
			}
		});
		serve(server, "/just-fits",
				exchange -> respond(exchange, 200, padded(publicJwks, JwksDownloader.MAX_BODY_BYTES)));
		serve(server, "/slow-headers", exchange -> {
			awaitRelease(); // answers only when the test has its result
			respond(exchange, 200, publicJwks);
		});
		serve(server, "/slow-body", exchange -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream body = exchange.getResponseBody()) {
				// a byte at a time, never the whole set, until the test has its result:
				// each read
				// gets something, so only the deadline of the whole exchange can end it
				for (int i = 0; release.getCount() > 0; i = (i + 1) % publicJwks.length()) {
					body.write(publicJwks.charAt(i));
					body.flush();
					release.await(20, TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		serve(server, "/private", exchange -> respond(exchange, 200, privateJwks));
		serve(server, "/not-json", exchange -> respond(exchange, 200, "<html>hello</html>"));
		server.start();
	}

	/** Lets the slow handlers finish once a test has its result. */
	@AfterEach
	void releaseSlowHandlers() {
		release.countDown();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
		executor.shutdownNow();
	}

	@BeforeEach
	void newDownloader() {
		release = new CountDownLatch(1);
		hits.values().forEach(count -> count.set(0));
		this.downloader = downloader(new EgressPolicy(true), HostResolver.SYSTEM);
	}

	@Test
	void downloadsAPublicKeySet() {
		JWKSet keys = this.downloader.download(url("/jwks"));
		assertThat(keys.getKeyByKeyId("k1")).isNotNull();
		assertThat(keys.getKeyByKeyId("k1").isPrivate()).isFalse();
	}

	/**
	 * Nimbus's way in: the checked set's JSON, or an IOException carrying the egress
	 * failure.
	 */
	@Test
	void asAResourceRetrieverItGivesTheCheckedSetOrAnIoExceptionWithTheReason() throws Exception {
		Resource resource = this.downloader.retrieveResource(url("/jwks").toURL());
		assertThat(JWKSet.parse(resource.getContent()).getKeyByKeyId("k1")).isNotNull();
		assertThatThrownBy(() -> this.downloader.retrieveResource(url("/private").toURL()))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("private")
			.hasCauseInstanceOf(EgressException.class);
	}

	@Test
	void redirectsAreRefusedNotFollowed() {
		assertThatThrownBy(() -> this.downloader.download(url("/redirect"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("redirect")
			.hasMessageContaining("302");
		assertThat(hits("/jwks")).isZero();
	}

	@Test
	void nonOkStatusIsRefusedAndNotRetried() {
		assertThatThrownBy(() -> this.downloader.download(url("/missing"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("HTTP 404");
		assertThat(hits("/missing")).isEqualTo(1);
	}

	@Test
	void bodiesOverTheLimitAreRefused() {
		assertThatThrownBy(() -> this.downloader.download(url("/big"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("64 KiB");
		assertThatThrownBy(() -> this.downloader.download(url("/big-chunked"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("64 KiB");
		assertThat(this.downloader.download(url("/just-fits")).getKeyByKeyId("k1")).isNotNull();
	}

	/**
	 * The server answers only once the test releases it, so the download can end only at
	 * its own deadline: no wall-clock margin decides the outcome.
	 */
	@Test
	@Timeout(10)
	void aServerSlowToAnswerIsCutOffAtTheDeadline() {
		assertThatThrownBy(() -> this.downloader.download(url("/slow-headers"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer within 500 ms");
		assertThat(release.getCount()).as("cut off while the server still held its answer").isOne();
	}

	@Test
	@Timeout(10)
	void aServerDrippingItsBodyIsCutOffAtTheDeadline() {
		assertThatThrownBy(() -> this.downloader.download(url("/slow-body"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer within 500 ms");
		assertThat(release.getCount()).as("cut off while the server was still sending").isOne();
	}

	@Test
	void aKeySetWithAPrivateKeyIsRefused() {
		assertThatThrownBy(() -> this.downloader.download(url("/private"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("private")
			.hasMessageNotContaining(key.getPrivateExponent().toString());
	}

	@Test
	void somethingOtherThanAKeySetIsRefused() {
		assertThatThrownBy(() -> this.downloader.download(url("/not-json"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("not return a valid JWK set")
			.hasMessageNotContaining("hello");
	}

	@Test
	void inProductionModeLoopbackIsNeverCalled() {
		JwksDownloader production = downloader(new EgressPolicy(false), HostResolver.SYSTEM);
		assertThatThrownBy(() -> production.download(url("/jwks"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("https");
		assertThatThrownBy(() -> production.download(URI.create("https://localhost:" + port() + "/jwks")))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("loopback");
		assertThat(hits("/jwks")).isZero();
	}

	@Test
	void aNameResolvingToARefusedAddressIsNeverConnected() {
		List<String> asked = new CopyOnWriteArrayList<>();
		JwksDownloader production = downloader(new EgressPolicy(false), host -> {
			asked.add(host);
			return new InetAddress[] { InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.7") };
		});
		assertThatThrownBy(() -> production.download(URI.create("https://keys.partner.example/jwks")))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("keys.partner.example")
			.hasMessageContaining("private");
		assertThat(asked).containsExactly("keys.partner.example");
	}

	/**
	 * A rebinding DNS server answers the check with one address and the connection with
	 * another. Here the name is resolved once and the connection goes to that answer: a
	 * server listening on the same port at the second address never hears from us.
	 */
	@Test
	void theConnectionGoesToTheAddressThatWasCheckedNotToALaterAnswer() throws Exception {
		InetAddress checked = InetAddress.getByName("127.0.0.1");
		InetAddress rebound = InetAddress.getByName("127.0.0.2");
		HttpServer elsewhere = HttpServer.create(new InetSocketAddress(rebound, port()), 0);
		AtomicInteger reachedElsewhere = new AtomicInteger();
		elsewhere.createContext("/", exchange -> {
			reachedElsewhere.incrementAndGet();
			respond(exchange, 200, publicJwks);
			exchange.close();
		});
		elsewhere.start();
		try {
			AtomicInteger lookups = new AtomicInteger();
			JwksDownloader rebinding = downloader(new EgressPolicy(true),
					host -> new InetAddress[] { (lookups.getAndIncrement() == 0) ? checked : rebound });
			JWKSet keys = rebinding.download(URI.create("http://rebind.localhost:" + port() + "/jwks"));

			assertThat(keys.getKeyByKeyId("k1")).isNotNull();
			assertThat(lookups).as("one lookup, checked and used").hasValue(1);
			assertThat(hits("/jwks")).isEqualTo(1);
			assertThat(reachedElsewhere).hasValue(0);
		}
		finally {
			elsewhere.stop(0);
		}
	}

	/**
	 * Connecting to a checked address must not weaken TLS: the certificate is verified
	 * for the URL's host name, which is also sent as SNI.
	 */
	@Test
	void tlsIsVerifiedForTheUrlsHostNameAndSendsItAsSni(@TempDir Path dir) throws Exception {
		KeyStore serverKeys = certificateFor("keys.test", dir);
		List<String> serverNames = new CopyOnWriteArrayList<>();
		HttpsServer tlsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		tlsServer.setHttpsConfigurator(new HttpsConfigurator(serverContext(serverKeys)));
		tlsServer.createContext("/jwks", exchange -> {
			ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
			session.getRequestedServerNames().forEach(name -> serverNames.add(((SNIHostName) name).getAsciiName()));
			respond(exchange, 200, publicJwks);
			exchange.close();
		});
		tlsServer.start();
		try {
			int tlsPort = tlsServer.getAddress().getPort();
			HostResolver toLoopback = host -> new InetAddress[] { InetAddress.getLoopbackAddress() };
			Duration firstHandshakes = Duration.ofSeconds(5); // the JVM's first TLS
																// handshakes are slow
			JwksDownloader trusting = new JwksDownloader(new EgressPolicy(true), toLoopback, clientContext(serverKeys),
					firstHandshakes, firstHandshakes, JwksDownloaderTest::publicKeysOnly);

			assertThat(trusting.download(URI.create("https://keys.test:" + tlsPort + "/jwks")).getKeyByKeyId("k1"))
				.isNotNull();
			assertThat(serverNames).containsExactly("keys.test");

			assertThatThrownBy(() -> trusting.download(URI.create("https://other.test:" + tlsPort + "/jwks")))
				.as("the same server and address, but a certificate that does not name this host")
				.isInstanceOf(EgressException.class)
				.hasMessageContaining("TLS");
			assertThat(serverNames).hasSize(1);
		}
		finally {
			tlsServer.stop(0);
		}
	}

	// --- helpers

	static JwksDownloader downloader(EgressPolicy policy, HostResolver resolver) {
		return new JwksDownloader(policy, resolver, defaultContext(), DEADLINE, DEADLINE,
				JwksDownloaderTest::publicKeysOnly);
	}

	/**
	 * The key-set rule the caller hands in (client keys have theirs in the client
	 * package).
	 */
	static Optional<String> publicKeysOnly(JWKSet keys) {
		return keys.getKeys().stream().anyMatch(JWK::isPrivate)
				? Optional.of("must hold public keys only; it has a private part") : Optional.empty();
	}

	static SSLContext defaultContext() {
		try {
			return SSLContext.getDefault();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A self-signed certificate for this DNS name, made by the JDK's keytool. */
	static KeyStore certificateFor(String dnsName, Path dir) throws Exception {
		Path store = dir.resolve("server.p12");
		Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
		Path keytool = java.resolveSibling("keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName, "-validity", "2",
				"-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
			.redirectErrorStream(true)
			.start();
		try (InputStream output = process.getInputStream()) {
			String printed = new String(output.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor()).as(printed).isZero();
		}
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keys.load(in, "changeit".toCharArray());
		}
		return keys;
	}

	static SSLContext serverContext(KeyStore keys) throws Exception {
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(keys, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(factory.getKeyManagers(), null, null);
		return context;
	}

	static SSLContext clientContext(KeyStore serverKeys) throws Exception {
		Certificate certificate = serverKeys.getCertificate("server");
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	static URI url(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	static int port() {
		return server.getAddress().getPort();
	}

	static int hits(String path) {
		return hits.get(path).get();
	}

	static void serve(HttpServer target, String path, HttpHandler handler) {
		hits.put(path, new AtomicInteger());
		target.createContext(path, exchange -> {
			hits.get(path).incrementAndGet();
			try {
				handler.handle(exchange);
			}
			catch (IOException ex) {
				// the client gave up (deadlines, refused bodies): expected here
			}
			finally {
				exchange.close();
			}
		});
	}

	static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	/** A valid JWK set padded with whitespace to exactly {@code size} bytes. */
	static String padded(String jwks, int size) {
		return jwks + " ".repeat(size - jwks.length());
	}

	static void awaitRelease() {
		try {
			release.await(30, TimeUnit.SECONDS); // longer than the test's own timeout
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
