package dev.tessera.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signed JWT assertions (RFC 7523), each with a fresh {@code jti} because a server
 * accepts each once: client assertions for {@code private_key_jwt} (§2.2, the client is
 * issuer and subject) or a partner identity provider's assertions for the JWT-bearer
 * grant (§2.1, the partner is the issuer, one of its users the subject). Signing one
 * costs the load generator a signature on the same cores as the server, so the timed
 * phases draw from a pool signed beforehand; when the pool runs dry, or an entry gets too
 * close to its expiry, the worker signs one itself and {@link #takeSignedInline()}
 * reports how many.
 */
final class AssertionPool {

	/**
	 * The longest lifetime both servers accept (Tessera: 5 min for client assertions and
	 * by default for a trusted issuer's, both allow 60 s skew).
	 */
	private static final Duration MAX_LIFETIME = Duration.ofSeconds(290);

	/** An entry with less than this left is not sent. */
	private static final Duration MIN_REMAINING = Duration.ofSeconds(15);

	private final ClientKey key;

	private final String issuer;

	private final String subject;

	private final String audience;

	private final ConcurrentLinkedQueue<Entry> pool = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<JWSSigner> signers;

	private final AtomicLong signedInline = new AtomicLong();

	private volatile Duration lifetime = Duration.ofSeconds(60);

	private final String what;

	private AssertionPool(ClientKey key, String issuer, String subject, String audience, String what) {
		this.key = key;
		this.issuer = issuer;
		this.subject = subject;
		this.audience = audience;
		this.what = what;
		this.signers = ThreadLocal.withInitial(key::signer);
	}

	/**
	 * Client assertions ({@code private_key_jwt}): the client is issuer and subject.
	 * @param audience the assertion's {@code aud}: the server's issuer identifier
	 * (Tessera) or token endpoint URL (the baseline)
	 */
	static AssertionPool forClient(ClientKey key, String clientId, String audience) {
		return new AssertionPool(key, clientId, clientId, audience, "client assertions");
	}

	/**
	 * A partner identity provider's assertions for the JWT-bearer grant.
	 * @param issuer the partner's {@code iss}, as registered as a trusted issuer
	 * @param subject the user the partner vouches for
	 * @param audience the server's issuer identifier or its token endpoint URL
	 */
	static AssertionPool forPartner(ClientKey key, String issuer, String subject, String audience) {
		return new AssertionPool(key, issuer, subject, audience, "partner assertions");
	}

	/**
	 * Tops the pool up to {@code count} assertions usable for the phase ahead, signing on
	 * every core; entries that would expire during the phase are dropped first.
	 * @param phase how long they must stay usable after this call returns
	 * @return how many were signed
	 */
	int fill(int count, Duration phase, Deadline deadline) {
		Instant usableUntil = Instant.now().plus(phase).plus(MIN_REMAINING).plus(Duration.ofSeconds(5));
		this.pool.removeIf(entry -> entry.expiresAt.isBefore(usableUntil));
		// room for the signing itself, which can take a while for a large pool on a small
		// machine
		Duration wanted = phase.plus(MIN_REMAINING).plus(Duration.ofSeconds(120));
		this.lifetime = (wanted.compareTo(MAX_LIFETIME) > 0) ? MAX_LIFETIME : wanted;
		int missing = count - this.pool.size();
		if (missing > 0) {
			int threads = Runtime.getRuntime().availableProcessors();
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> parts = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int share = missing / threads + ((t < missing % threads) ? 1 : 0);
					parts.add(executor.submit(() -> {
						for (int i = 0; i < share && !deadline.passed(); i++) {
							this.pool.add(sign());
						}
					}));
				}
				for (Future<?> part : parts) {
					part.get();
				}
			}
			catch (Exception ex) {
				throw new BenchmarkException("could not pre-sign " + this.what, ex);
			}
			finally {
				executor.shutdownNow();
			}
		}
		this.signedInline.set(0);
		return Math.max(0, missing);
	}

	/** The next unused assertion, signed now if the pool has none fit to send. */
	String take() {
		Instant freshEnough = Instant.now().plus(MIN_REMAINING);
		Entry entry;
		while ((entry = this.pool.poll()) != null) {
			if (entry.expiresAt.isAfter(freshEnough)) {
				return entry.jwt;
			}
		}
		this.signedInline.incrementAndGet();
		return sign().jwt;
	}

	/** How many assertions workers had to sign since the last fill or call. */
	long takeSignedInline() {
		return this.signedInline.getAndSet(0);
	}

	/**
	 * The assertions' {@code iss}: the client's id for client assertions, the partner's
	 * identifier for partner assertions.
	 */
	String issuer() {
		return this.issuer;
	}

	/**
	 * What the pool holds, for the report ("client assertions", "partner assertions").
	 */
	String what() {
		return this.what;
	}

	int remaining() {
		return this.pool.size();
	}

	private Entry sign() {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(this.lifetime);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(this.subject)
			.audience(this.audience)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expiresAt))
			.build();
		JWSHeader header = new JWSHeader.Builder(this.key.algorithm()).keyID(this.key.privateKey().getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(this.signers.get());
		}
		catch (JOSEException ex) {
			throw new BenchmarkException("could not sign one of the " + this.what, ex);
		}
		return new Entry(jwt.serialize(), expiresAt);
	}

	private record Entry(String jwt, Instant expiresAt) {
	}

}
