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
 * Client assertions for {@code private_key_jwt} (RFC 7523 §2.2), each with a fresh
 * {@code jti} because a server accepts each once. Signing one costs the load generator a
 * signature on the same cores as the server, so the timed phases draw from a pool signed
 * beforehand; when the pool runs dry, or an entry gets too close to its expiry, the
 * worker signs one itself and {@link #takeSignedInline()} reports how many.
 */
final class AssertionPool {

	/**
	 * The longest lifetime both servers accept (Tessera: 5 min, both allow 60 s skew).
	 */
	private static final Duration MAX_LIFETIME = Duration.ofSeconds(290);

	/** An entry with less than this left is not sent. */
	private static final Duration MIN_REMAINING = Duration.ofSeconds(15);

	private final ClientKey key;

	private final String clientId;

	private final String audience;

	private final ConcurrentLinkedQueue<Entry> pool = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<JWSSigner> signers;

	private final AtomicLong signedInline = new AtomicLong();

	private volatile Duration lifetime = Duration.ofSeconds(60);

	/**
	 * @param audience the assertion's {@code aud}: the server's issuer identifier
	 * (Tessera) or token endpoint URL (the baseline)
	 */
	AssertionPool(ClientKey key, String clientId, String audience) {
		this.key = key;
		this.clientId = clientId;
		this.audience = audience;
		this.signers = ThreadLocal.withInitial(key::signer);
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
				throw new BenchmarkException("could not pre-sign client assertions", ex);
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

	String clientId() {
		return this.clientId;
	}

	int remaining() {
		return this.pool.size();
	}

	private Entry sign() {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(this.lifetime);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.clientId)
			.subject(this.clientId)
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
			throw new BenchmarkException("could not sign a client assertion", ex);
		}
		return new Entry(jwt.serialize(), expiresAt);
	}

	private record Entry(String jwt, Instant expiresAt) {
	}

}
