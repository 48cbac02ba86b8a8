package dev.tessera.auth.grant.jwtbearer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.PartnerClient;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.GRANT_TYPE;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.assertInvalidGrant;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.detailOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted issuer's keys fetched from its JWKS endpoint, over a real HTTP port: a key
 * rotation at the partner is picked up on the first assertion signed with the new key, a
 * key the partner withdraws stops verifying once the cached set has aged past the cache
 * TTL (the server's clock is moved, nothing sleeps), and a key server that is down,
 * refusing connections or hanging costs a clear {@code invalid_grant}: never a 5xx, never
 * a request thread held much past the fetch timeout.
 */
@TesseraServerTest
class JwtBearerPartnerKeysTest {

	static final String API = "https://partner-api.example.test";

	static final String READ = "partner:read";

	/** What a request may take beyond the fetch timeout on a busy two-core machine. */
	static final Duration MARGIN = Duration.ofMillis(2500);

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	TesseraProperties properties;

	JwtBearerSetup tessera;

	PartnerIdentityProvider partner;

	PartnerClient client;

	@BeforeEach
	void setUp() {
		this.tessera = new JwtBearerSetup(this.issuer, this.issuer, this.registrar, this.jdbc);
		this.tessera.scopes(READ);
		this.partner = PartnerIdentityProvider.start(this.clock);
		this.client = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
	}

	@AfterEach
	void stopPartner() {
		this.partner.close();
	}

	void trust(String jwksUri) {
		Map<String, Object> body = JwtBearerSetup.byJwksUri(this.partner, List.of(this.client.clientId()),
				List.of(READ));
		body.put("jwksUri", jwksUri);
		this.tessera.trust(body);
	}

	String assertion(JWK key) {
		return PartnerIdentityProvider.sign(key, this.partner.claims(this.tessera.tokenEndpoint()).build());
	}

	Http.Response exchange(JWK key) {
		return this.tessera.exchange(this.client, assertion(key));
	}

	void assertAccepted(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsKey("access_token");
	}

	// --- rotation

	@Test
	void aNewKidAtThePartnerIsPickedUpOnFirstSight() {
		trust(this.partner.jwksUri());
		assertAccepted(exchange(this.partner.rsaKey()));
		assertAccepted(exchange(this.partner.ecKey()));
		assertThat(this.partner.fetches()).as("fetched once, then cached").isEqualTo(1);

		// the partner rotates: a new key is published beside the old ones
		RSAKey rotated = this.partner.addRsaKey(null);
		assertAccepted(exchange(rotated));
		assertThat(this.partner.fetches()).as("one refetch for the unknown kid").isEqualTo(2);
		assertAccepted(exchange(rotated));
		assertAccepted(exchange(this.partner.rsaKey()));
		assertThat(this.partner.fetches()).as("the new set is cached").isEqualTo(2);
	}

	@Test
	void aKeyWithdrawnAtThePartnerStopsWorkingAfterTheCacheTtl() {
		trust(this.partner.jwksUri());
		RSAKey old = this.partner.rsaKey();
		assertAccepted(exchange(old));

		// the partner publishes a new key (picked up at once), then withdraws the old one
		RSAKey replacement = this.partner.addRsaKey(null);
		assertAccepted(exchange(replacement));
		this.partner.withdraw(old.getKeyID());
		assertAccepted(exchange(old)); // the cached set still holds it: within the TTL
		int fetches = this.partner.fetches();

		Duration ttl = this.properties.egress().jwksCacheTtl();
		this.clock.advance(ttl.plusSeconds(1));
		Http.Response withdrawn = exchange(old);
		assertInvalidGrant(withdrawn, "no key of the trusted issuer matches");
		assertThat(this.partner.fetches()).as("the aged set was fetched anew").isGreaterThan(fetches);
		assertThat(detailOf(this.tessera.auditEventOf(withdrawn))).containsEntry("error", "invalid_grant");
		assertAccepted(exchange(replacement));
		assertAccepted(exchange(this.partner.ecKey()));
	}

	@Test
	void anUnknownKidIsInvalidGrantAndRefetchesAtMostOnceMeanwhile() {
		trust(this.partner.jwksUri());
		assertAccepted(exchange(this.partner.rsaKey()));
		// signed by a key the partner never published
		RSAKey unpublished = this.partner.addRsaKey(null);
		this.partner.withdraw(unpublished.getKeyID());
		for (int i = 0; i < 5; i++) {
			assertInvalidGrant(exchange(unpublished), "no key of the trusted issuer matches");
		}
		assertThat(this.partner.fetches()).as("the first fetch, then one refetch for the unknown kid").isEqualTo(2);
	}

	/**
	 * A client the issuer does not allow is refused before the partner's keys are
	 * fetched: strangers cannot make Tessera call a partner.
	 */
	@Test
	void aClientTheIssuerDoesNotAllowCostsThePartnerNoFetch() {
		trust(this.partner.jwksUri());
		PartnerClient stranger = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
		assertInvalidGrant(this.tessera.exchange(stranger, assertion(this.partner.rsaKey())), "client");
		assertThat(this.partner.fetches()).isZero();
	}

	// --- the key server failing

	/**
	 * A partner whose key server goes down after its keys were fetched keeps working on
	 * the last good keys past the cache TTL (for the bounded stale age, see
	 * {@code JwksFetcherTest}).
	 */
	@Test
	void theLastGoodKeysServeWhileThePartnerIsDown() {
		trust(this.partner.jwksUri());
		assertAccepted(exchange(this.partner.rsaKey()));
		this.partner.unavailable();
		this.clock.advance(this.properties.egress().jwksCacheTtl().plusSeconds(1));
		assertAccepted(exchange(this.partner.rsaKey()));
		assertThat(this.partner.fetches()).as("a refetch was tried").isGreaterThan(1);
		assertAccepted(exchange(this.partner.ecKey()));
	}

	@Test
	void aJwksEndpointAnswering503IsInvalidGrant() {
		trust(this.partner.jwksUri());
		this.partner.unavailable();
		Http.Response response = exchange(this.partner.rsaKey());
		assertInvalidGrant(response, "could not be fetched");
		assertThat(detailOf(this.tessera.auditEventOf(response))).containsEntry("error", "invalid_grant")
			.hasEntrySatisfying("reason",
					(reason) -> assertThat(reason).asString()
						.as("the audit trail says why; the caller is not told")
						.startsWith("the trusted issuer's keys could not be fetched: ")
						.isNotEqualTo(response.json().get("error_description")));

		// back up: once the back-off and the refetch floor have passed, it works again
		this.partner.up();
		this.clock.advance(this.properties.egress()
			.jwksMinRefreshInterval()
			.plus(this.properties.egress().jwksFailureBackoff())
			.plusSeconds(1));
		assertAccepted(exchange(this.partner.rsaKey()));
	}

	@Test
	void aJwksEndpointRefusingConnectionsIsInvalidGrant() {
		trust(PartnerIdentityProvider.refusingJwksUri());
		Http.Response response = exchange(this.partner.rsaKey());
		assertInvalidGrant(response, "could not be fetched");

		// the same with a partner whose server was up and went down before any fetch
		PartnerIdentityProvider gone = PartnerIdentityProvider.start(this.clock);
		try {
			Map<String, Object> body = JwtBearerSetup.byJwksUri(gone, List.of(this.client.clientId()), List.of(READ));
			this.tessera.trust(body);
			gone.goDown();
			Http.Response down = this.tessera.exchange(this.client,
					PartnerIdentityProvider.sign(gone.rsaKey(), gone.claims(this.tessera.tokenEndpoint()).build()));
			assertInvalidGrant(down, "could not be fetched");
		}
		finally {
			gone.close();
		}
	}

	/**
	 * A key server that hangs: the requests that meet it are refused as
	 * {@code invalid_grant} within about the fetch timeout (several at once, none held
	 * longer), and the next request is refused at once, the failure remembered.
	 */
	@Test
	void aSlowJwksEndpointIsInvalidGrantWithinTheFetchTimeout() throws Exception {
		Duration timeout = this.properties.egress().timeout();
		trust(this.partner.jwksUri());
		this.partner.slow(timeout.plusSeconds(30));

		int callers = 6;
		List<String> assertions = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			assertions.add(assertion(this.partner.rsaKey()));
		}
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		List<Future<Timed>> futures = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			for (String assertion : assertions) {
				futures.add(pool.submit(() -> {
					start.await();
					long began = System.nanoTime();
					Http.Response response = this.tessera.exchange(this.client, assertion);
					return new Timed(response, Duration.ofNanos(System.nanoTime() - began));
				}));
			}
			start.countDown();
			for (Future<Timed> future : futures) {
				Timed timed = future.get(60, TimeUnit.SECONDS);
				assertInvalidGrant(timed.response(), "could not be fetched");
				assertThat(timed.took()).as("held no longer than the fetch timeout (%s) and a margin", timeout)
					.isLessThan(timeout.plus(MARGIN));
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.partner.fetches()).as("one download for all of them").isEqualTo(1);

		long began = System.nanoTime();
		Http.Response next = exchange(this.partner.rsaKey());
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		assertInvalidGrant(next, "could not be fetched");
		assertThat(took).as("the failure is remembered: no second wait").isLessThan(Duration.ofSeconds(1));
	}

	/** A response and how long the request took. */
	record Timed(Http.Response response, Duration took) {
	}

}
