package dev.tessera.auth.egress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How key sets fetched by URL are kept, against a local server that answers, fails or
 * hangs, on a clock the test moves: caching, the forced-refresh floor, back-off after a
 * failure (the next request does not wait for a timeout), the last good keys serving
 * through an outage for a bounded time, and at most one download plus a few waiters per
 * URL whatever the number of concurrent requests. Plus the registration-time URL check.
 */
class JwksFetcherTest {

	// long enough that "answered at once" (under half of it) holds on a loaded two-core
	// machine
	static final Duration DEADLINE = Duration.ofMillis(1500);

	static final JwksFetcher.Settings SETTINGS = new JwksFetcher.Settings(Duration.ofMinutes(5), Duration.ofSeconds(30),
			Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24), 2, 4);

	static HttpServer server;

	static ExecutorService serverThreads;

	static String keys;

	/**
	 * What the server answers: a body for 200, {@code "500"} for a failure,
	 * {@code "hang"} to hang.
	 */
	static final AtomicReference<String> answer = new AtomicReference<>();

	static final AtomicInteger hits = new AtomicInteger();

	static volatile CountDownLatch releaseHung = new CountDownLatch(1);

	final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	JwksFetcher fetcher;

	@BeforeAll
	static void startServer() throws Exception {
		keys = new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()).toString();
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		serverThreads = Executors.newCachedThreadPool();
		server.setExecutor(serverThreads);
		server.createContext("/jwks", exchange -> {
			hits.incrementAndGet();
			try {
				String body = answer.get();
				if (body.equals("hang")) {
					releaseHung.await(10, TimeUnit.SECONDS);
					return;
				}
				int status = body.equals("500") ? 500 : 200;
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up: expected when it hangs
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		releaseHung.countDown();
		server.stop(0);
		serverThreads.shutdownNow();
	}

	@BeforeEach
	void newFetcher() {
		answer.set(keys);
		hits.set(0);
		releaseHung = new CountDownLatch(1);
		this.fetcher = fetcher(SETTINGS);
	}

	@AfterEach
	void releaseHungExchanges() {
		releaseHung.countDown();
	}

	@Test
	void aKeySetIsCachedForItsTtl() {
		JWKSet first = this.fetcher.get(url());
		assertThat(this.fetcher.get(url())).isSameAs(first);
		assertThat(hits).hasValue(1);
		this.clock.advance(SETTINGS.cacheTtl());
		assertThat(this.fetcher.get(url()).getKeyByKeyId("k1")).isNotNull();
		assertThat(hits).hasValue(2);
	}

	@Test
	void aForcedRefreshHappensAtMostOncePerInterval() {
		this.fetcher.get(url());
		this.fetcher.refresh(url());
		assertThat(hits).hasValue(2);
		assertThat(this.fetcher.refresh(url()).getKeyByKeyId("k1")).isNotNull();
		assertThat(hits).as("a second forced refresh within the interval uses the cache").hasValue(2);
		this.clock.advance(SETTINGS.minRefreshInterval());
		this.fetcher.refresh(url());
		assertThat(hits).hasValue(3);
	}

	@Test
	void afterAFailureTheNextRequestFailsAtOnceWithoutWaitingForTheTimeout() {
		answer.set("hang");
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.fetcher.get(url())).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);

		start = System.nanoTime();
		assertThatThrownBy(() -> this.fetcher.get(url())).isInstanceOf(EgressException.class)
			.hasMessageContaining("did not answer")
			.hasMessageContaining("not retried for 5 s");
		assertThatThrownBy(() -> this.fetcher.refresh(url())).isInstanceOf(EgressException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.dividedBy(2));
		assertThat(hits.get()).as("no second download").isEqualTo(1);
	}

	/**
	 * The refetch floor (Nimbus's rate limiter) counts every download, retries included,
	 * so here it is shorter than the back-off steps, which are what is tested.
	 */
	@Test
	void theBackOffDoublesWithEachFailureUpToItsCapAndResetsOnSuccess() {
		this.fetcher = fetcher(new JwksFetcher.Settings(SETTINGS.cacheTtl(), Duration.ofSeconds(1),
				SETTINGS.failureBackoff(), SETTINGS.maxFailureBackoff(), SETTINGS.staleMaxAge(), SETTINGS.maxWaiting(),
				SETTINGS.maxInFlight()));
		answer.set("500");
		assertThatThrownBy(() -> this.fetcher.get(url())).hasMessageContaining("HTTP 500");
		this.clock.advance(Duration.ofSeconds(5));
		assertThatThrownBy(() -> this.fetcher.get(url())).hasMessageContaining("HTTP 500");
		assertThat(hits).hasValue(2);
		this.clock.advance(Duration.ofSeconds(5));
		assertThatThrownBy(() -> this.fetcher.get(url())).hasMessageContaining("not retried for 5 s");
		assertThat(hits).as("the second back-off is 10 s").hasValue(2);
		this.clock.advance(Duration.ofSeconds(5));
		assertThatThrownBy(() -> this.fetcher.get(url())).hasMessageContaining("HTTP 500");
		assertThat(hits).hasValue(3);
		for (int failures = 4; failures <= 10; failures++) {
			this.clock.advance(SETTINGS.maxFailureBackoff());
			assertThatThrownBy(() -> this.fetcher.get(url())).hasMessageContaining("HTTP 500");
			assertThat(hits).as("capped at 5 min").hasValue(failures);
		}
		answer.set(keys);
		this.clock.advance(SETTINGS.maxFailureBackoff());
		assertThat(this.fetcher.get(url()).getKeyByKeyId("k1")).isNotNull();
		answer.set("500");
		this.clock.advance(SETTINGS.cacheTtl());
		assertThat(this.fetcher.get(url()).getKeyByKeyId("k1")).as("the last good keys").isNotNull();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.fetcher.get(url()).getKeyByKeyId("k1")).isNotNull();
		assertThat(hits).as("back to a 5 s back-off after a success").hasValue(13);
	}

	@Test
	void theLastGoodKeysServeThroughAnOutageForABoundedTime() {
		JWKSet good = this.fetcher.get(url());
		answer.set("hang");
		this.clock.advance(SETTINGS.cacheTtl());
		assertThat(this.fetcher.get(url()).getKeys()).as("the refresh fails; the last good keys serve")
			.isEqualTo(good.getKeys());
		assertThat(hits).hasValue(2);

		long start = System.nanoTime();
		assertThat(this.fetcher.get(url()).getKeys()).isEqualTo(good.getKeys());
		assertThat(this.fetcher.refresh(url()).getKeys()).as("an unknown kid during the back-off")
			.isEqualTo(good.getKeys());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.dividedBy(2));
		assertThat(hits).hasValue(2);

		answer.set("500");
		this.clock.advance(SETTINGS.staleMaxAge().minus(SETTINGS.cacheTtl()).minusSeconds(1));
		assertThat(this.fetcher.get(url()).getKeys()).isEqualTo(good.getKeys());
		this.clock.advance(Duration.ofSeconds(1));
		assertThatThrownBy(() -> this.fetcher.get(url())).as("24 h after the last good fetch")
			.isInstanceOf(EgressException.class);
	}

	/**
	 * What a JWT processor asks: a key by id, the set fetched anew once for an unknown
	 * one.
	 */
	@Test
	void theKeySourceRefetchesOnceForAnUnknownKidWithinTheFloor() throws Exception {
		JWKSource<SecurityContext> source = this.fetcher.jwkSource(url());
		assertThat(source.get(byKeyId("k1"), null)).hasSize(1);
		assertThat(source.get(byKeyId("k1"), null)).hasSize(1);
		assertThat(hits).as("cached").hasValue(1);

		answer.set(new JWKSet(new RSAKeyGenerator(2048).keyID("k2").generate().toPublicJWK()).toString());
		assertThat(source.get(byKeyId("k2"), null)).as("rotated: one refetch finds it").hasSize(1);
		assertThat(hits).hasValue(2);
		assertThat(source.get(byKeyId("k3"), null)).as("another unknown kid within the floor").isEmpty();
		assertThat(hits).hasValue(2);
		this.clock.advance(SETTINGS.minRefreshInterval());
		assertThat(source.get(byKeyId("k3"), null)).isEmpty();
		assertThat(hits).as("after the floor, one refetch again").hasValue(3);
	}

	@Test
	void theKeySourceReportsAFailureWithTheEgressReason() {
		answer.set("500");
		assertThatThrownBy(() -> this.fetcher.jwkSource(url()).get(byKeyId("k1"), null))
			.isInstanceOf(KeySourceException.class)
			.hasMessageContaining("HTTP 500")
			.hasCauseInstanceOf(EgressException.class);
	}

	static JWKSelector byKeyId(String kid) {
		return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
	}

	/**
	 * Twelve requests for a URL that hangs: one download, two waiters, and the other nine
	 * answered at once, so one partner holds at most three request threads.
	 */
	@Test
	void concurrentRequestsShareOneDownloadAndMostFailAtOnce() throws Exception {
		answer.set("hang");
		List<URI> urls = java.util.Collections.nCopies(12, url());
		List<Duration> took = failingConcurrently(urls);
		assertThat(hits.get()).as("one download").isEqualTo(1);
		assertThat(took).filteredOn(duration -> duration.compareTo(DEADLINE.dividedBy(2)) >= 0)
			.as("the download and at most two waiters")
			.hasSizeLessThanOrEqualTo(1 + SETTINGS.maxWaiting())
			.isNotEmpty();
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

	JwksFetcher fetcher(JwksFetcher.Settings settings) {
		return new JwksFetcher(new JwksDownloader(new EgressPolicy(true), HostResolver.SYSTEM,
				JwksDownloaderTest.defaultContext(), DEADLINE, DEADLINE, JwksDownloaderTest::publicKeysOnly), settings,
				this.clock);
	}

	/**
	 * Ten hanging URLs (say, one partner's ten clients) at once: across all URLs at most
	 * {@code maxInFlight} requests download or wait; the others are answered at once.
	 */
	@Test
	void acrossAllUrlsOnlyABoundedNumberOfRequestsWait() throws Exception {
		answer.set("hang");
		List<URI> urls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			urls.add(URI.create(url() + "/partner-" + i));
		}
		List<Duration> took = failingConcurrently(urls);
		assertThat(hits.get()).as("downloads started").isBetween(1, SETTINGS.maxInFlight());
		assertThat(took).filteredOn(duration -> duration.compareTo(DEADLINE.dividedBy(2)) >= 0)
			.as("requests that waited for a download")
			.hasSizeLessThanOrEqualTo(SETTINGS.maxInFlight())
			.isNotEmpty();
	}

	/** One request per URL, all started together; each must fail. How long each took. */
	private List<Duration> failingConcurrently(List<URI> urls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(urls.size());
		List<Duration> took = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Duration>> calls = new ArrayList<>();
			for (URI uri : urls) {
				calls.add(pool.submit(() -> {
					start.await();
					long begin = System.nanoTime();
					assertThatThrownBy(() -> this.fetcher.get(uri)).isInstanceOf(EgressException.class);
					return Duration.ofNanos(System.nanoTime() - begin);
				}));
			}
			start.countDown();
			for (Future<Duration> call : calls) {
				took.add(call.get(10, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		return took;
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
	}

	/** A clock the test moves by hand. */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
