package dev.tessera.auth.egress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbound rules for registered JWKS URLs, against a real local HTTP server:
 * caching, the forced-refresh rate limit, redirects, size, status, time and content
 * limits, and the registration-time URL check.
 */
class JwksFetcherTest {

	static HttpServer server;

	static ExecutorService executor;

	static RSAKey key;

	static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	JwksFetcher fetcher;

	@BeforeAll
	static void startServer() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String publicJwks = new JWKSet(key.toPublicJWK()).toString();
		String privateJwks = new JWKSet(key).toString(false);
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		executor = Executors.newCachedThreadPool();
		server.setExecutor(executor);
		serve("/jwks", exchange -> respond(exchange, 200, publicJwks));
		serve("/redirect", exchange -> {
			exchange.getResponseHeaders().add("Location", "/jwks");
			respond(exchange, 302, "");
		});
		serve("/missing", exchange -> respond(exchange, 404, "{\"error\":\"not found\"}"));
		serve("/big", exchange -> respond(exchange, 200, padded(publicJwks, JwksFetcher.MAX_BODY_BYTES + 1)));
		serve("/big-chunked", exchange -> {
			exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(padded(publicJwks, 4 * JwksFetcher.MAX_BODY_BYTES).getBytes(StandardCharsets.UTF_8));
			}
		});
		serve("/just-fits", exchange -> respond(exchange, 200, padded(publicJwks, JwksFetcher.MAX_BODY_BYTES)));
		serve("/slow-headers", exchange -> {
			sleep(6_000);
			respond(exchange, 200, publicJwks);
		});
		serve("/slow-body", exchange -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream body = exchange.getResponseBody()) {
				for (char c : publicJwks.toCharArray()) {
					body.write(c);
					body.flush();
					sleep(500);
				}
			}
		});
		serve("/private", exchange -> respond(exchange, 200, privateJwks));
		serve("/not-json", exchange -> respond(exchange, 200, "<html>hello</html>"));
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
		executor.shutdownNow();
	}

	@BeforeEach
	void newFetcher() {
		hits.values().forEach(count -> count.set(0));
		this.fetcher = new JwksFetcher(true, Duration.ofMinutes(5));
	}

	@Test
	void fetchesAndCachesAKeySet() {
		JWKSet first = this.fetcher.get(url("/jwks"));
		JWKSet second = this.fetcher.get(url("/jwks"));
		assertThat(first.getKeyByKeyId("k1")).isNotNull();
		assertThat(first.getKeyByKeyId("k1").isPrivate()).isFalse();
		assertThat(second).isSameAs(first);
		assertThat(hits("/jwks")).isEqualTo(1);
	}

	@Test
	void aKeySetIsFetchedAgainAfterItsTtl() throws Exception {
		JwksFetcher shortLived = new JwksFetcher(true, Duration.ofMillis(200));
		shortLived.get(url("/jwks"));
		Thread.sleep(400);
		shortLived.get(url("/jwks"));
		assertThat(hits("/jwks")).isEqualTo(2);
	}

	@Test
	void refreshBypassesTheCacheAtMostOncePerInterval() {
		this.fetcher.get(url("/jwks"));
		this.fetcher.refresh(url("/jwks"));
		assertThat(hits("/jwks")).isEqualTo(2);
		JWKSet again = this.fetcher.refresh(url("/jwks"));
		assertThat(again.getKeyByKeyId("k1")).isNotNull();
		assertThat(hits("/jwks")).as("a second forced refresh within 30 s uses the cache").isEqualTo(2);
		this.fetcher.get(url("/jwks"));
		assertThat(hits("/jwks")).isEqualTo(2);
	}

	@Test
	void refreshIsAllowedAgainAfterTheInterval() throws Exception {
		JwksFetcher quick = new JwksFetcher(true, Duration.ofMinutes(5), Duration.ofMillis(200));
		quick.refresh(url("/jwks"));
		quick.refresh(url("/jwks"));
		assertThat(hits("/jwks")).isEqualTo(1);
		Thread.sleep(400);
		quick.refresh(url("/jwks"));
		assertThat(hits("/jwks")).isEqualTo(2);
	}

	@Test
	void redirectsAreRefusedNotFollowed() {
		assertThatThrownBy(() -> this.fetcher.get(url("/redirect"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("redirect")
			.hasMessageContaining("302");
		assertThat(hits("/jwks")).isZero();
	}

	@Test
	void nonOkStatusIsRefused() {
		assertThatThrownBy(() -> this.fetcher.get(url("/missing"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("HTTP 404");
	}

	@Test
	void bodiesOverTheLimitAreRefused() {
		assertThatThrownBy(() -> this.fetcher.get(url("/big"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("64 KiB");
		assertThatThrownBy(() -> this.fetcher.get(url("/big-chunked"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("64 KiB");
		assertThat(this.fetcher.get(url("/just-fits")).getKeyByKeyId("k1")).isNotNull();
	}

	@Test
	void aServerSlowToAnswerTimesOut() {
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.fetcher.get(url("/slow-headers"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer within 3 s");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aServerDrippingItsBodyTimesOut() {
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.fetcher.get(url("/slow-body"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer within 3 s");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aKeySetWithAPrivateKeyIsRefused() {
		assertThatThrownBy(() -> this.fetcher.get(url("/private"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("private")
			.hasMessageNotContaining(key.getPrivateExponent().toString());
	}

	@Test
	void somethingOtherThanAKeySetIsRefused() {
		assertThatThrownBy(() -> this.fetcher.get(url("/not-json"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("not return a valid JWK set")
			.hasMessageNotContaining("hello");
	}

	@Test
	void failuresAreNotCached() {
		assertThatThrownBy(() -> this.fetcher.get(url("/missing"))).isInstanceOf(EgressException.class);
		assertThatThrownBy(() -> this.fetcher.get(url("/missing"))).isInstanceOf(EgressException.class);
		assertThat(hits("/missing")).isEqualTo(2);
	}

	@Test
	void inProductionModeLoopbackIsNeverCalled() {
		JwksFetcher production = new JwksFetcher(false, Duration.ofMinutes(5));
		assertThatThrownBy(() -> production.get(url("/jwks"))).isInstanceOf(EgressException.class)
			.hasMessageContaining("https");
		assertThatThrownBy(() -> production.get(URI.create("https://localhost:" + port() + "/jwks")))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("loopback");
		assertThat(hits("/jwks")).isZero();
	}

	@Test
	void linkLocalDestinationsAreRefusedEvenOverHttps() {
		assertThatThrownBy(() -> this.fetcher.get(URI.create("https://169.254.169.254/latest/meta-data")))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("link-local");
	}

	@Test
	void validateUrlAcceptsHttps() {
		assertThat(JwksFetcher.validateUrl("https://keys.example.com/.well-known/jwks.json", false))
			.isEqualTo(URI.create("https://keys.example.com/.well-known/jwks.json"));
		assertThat(JwksFetcher.validateUrl("https://keys.example.com:8443/jwks", true)).hasPort(8443);
	}

	@Test
	void validateUrlRefusesPlainHttpToTheInternet() {
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("http://example.com/jwks", true))
			.withMessageContaining("https");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("http://example.com/jwks", false))
			.withMessageContaining("https");
	}

	@Test
	void validateUrlAllowsHttpToLoopbackOnlyOutsideProduction() {
		assertThat(JwksFetcher.validateUrl("http://127.0.0.1:8080/jwks", true)).hasHost("127.0.0.1");
		assertThat(JwksFetcher.validateUrl("http://localhost:8080/jwks", true)).hasHost("localhost");
		assertThat(JwksFetcher.validateUrl("http://[::1]:8080/jwks", true)).hasPort(8080);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwksFetcher.validateUrl("http://127.0.0.1:8080/jwks", false))
			.withMessageContaining("production");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwksFetcher.validateUrl("https://127.0.0.1:8443/jwks", false))
			.withMessageContaining("loopback");
	}

	@Test
	void validateUrlRefusesUserInfo() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwksFetcher.validateUrl("https://user:secret@keys.example.com/jwks", true))
			.withMessageContaining("user info")
			.withMessageNotContaining("secret@");
	}

	@Test
	void validateUrlRefusesLinkLocalAndAnyLocalAddresses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwksFetcher.validateUrl("https://169.254.169.254/latest/meta-data", true))
			.withMessageContaining("link-local");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("https://[fe80::1]/jwks", true))
			.withMessageContaining("link-local");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("https://0.0.0.0/jwks", true))
			.withMessageContaining("any-local");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("https://2852039166/", true))
			.withMessageContaining("numeric");
	}

	@Test
	void validateUrlRefusesOtherSchemesAndNonUrls() {
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("ftp://example.com/jwks", true))
			.withMessageContaining("https");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("file:///etc/passwd", true))
			.withMessageContaining("https");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("/jwks", true))
			.withMessageContaining("absolute");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl("https://exa mple.com", true))
			.withMessageContaining("Not a valid URL");
		assertThatIllegalArgumentException().isThrownBy(() -> JwksFetcher.validateUrl(" ", true))
			.withMessageContaining("required");
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

	static void serve(String path, HttpHandler handler) {
		hits.put(path, new AtomicInteger());
		server.createContext(path, exchange -> {
			hits.get(path).incrementAndGet();
			try {
				handler.handle(exchange);
			}
			catch (IOException ex) {
				// the client gave up (timeouts, refused bodies): expected here
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

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
