package dev.tessera.auth.egress;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * What Nimbus's sources lack, in front of a {@link CachingJWKSetSource}: a bound on the
 * request threads a slow key server can hold. Nimbus's cache lets one thread download and
 * makes every other one wait for it; here, when a download is due (no set yet, the set
 * older than the cache's time to live, or a refresh asked for), a request needs a place:
 * one of {@code 1 + maxWaiting} for this URL, and one of the {@code maxInFlight} shared
 * by all URLs. Without a place it fails at once with a
 * {@link JWKSetUnavailableException}, which the outage-tolerant source above answers with
 * the last good keys where it has them. A request the cache can answer needs no place and
 * waits for nothing.
 * <p>
 * Whether a download is due is judged from the sets this source has passed on (a new set
 * is one just downloaded, dated by the earliest request that passed it on), since the
 * cache does not show its state.
 */
final class BoundedLoadJWKSetSource<C extends SecurityContext> extends JWKSetSourceWrapper<C> {

	private final long cacheTtlMillis;

	private final Semaphore places;

	private final Semaphore inFlight;

	private volatile Loaded loaded;

	/**
	 * @param inFlight the places shared by all URLs
	 */
	BoundedLoadJWKSetSource(JWKSetSource<C> cache, Duration cacheTtl, int maxWaiting, Semaphore inFlight) {
		super(cache);
		this.cacheTtlMillis = cacheTtl.toMillis();
		this.places = new Semaphore(1 + maxWaiting);
		this.inFlight = inFlight;
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, C context)
			throws KeySourceException {
		Loaded last = this.loaded;
		boolean loadDue = last == null || currentTime >= last.at() + this.cacheTtlMillis
				|| refreshEvaluator.requiresRefresh(last.keys());
		if (!loadDue) {
			return passOn(getSource().getJWKSet(refreshEvaluator, currentTime, context), currentTime);
		}
		if (!this.places.tryAcquire()) {
			throw new JWKSetUnavailableException(
					"The JWKS URL is being fetched for other requests; not waiting in line");
		}
		try {
			if (!this.inFlight.tryAcquire()) {
				throw new JWKSetUnavailableException(
						"Too many key sets are being fetched at once; not waiting in line");
			}
			try {
				return passOn(getSource().getJWKSet(refreshEvaluator, currentTime, context), currentTime);
			}
			finally {
				this.inFlight.release();
			}
		}
		finally {
			this.places.release();
		}
	}

	/**
	 * Remembers a new set with the earliest request time it was passed on with: the
	 * request that downloaded it started first, and the cache below dates the set by that
	 * request, so a waiter returning first must not move the next download's due time
	 * later than the cache's own expiry.
	 */
	private JWKSet passOn(JWKSet keys, long currentTime) {
		Loaded last = this.loaded;
		if (last != null && last.keys() == keys && last.at() <= currentTime) {
			return keys; // a cache hit: nothing to remember
		}
		synchronized (this) {
			last = this.loaded;
			if (last == null || last.keys() != keys || currentTime < last.at()) {
				this.loaded = new Loaded(keys, currentTime);
			}
		}
		return keys;
	}

	private record Loaded(JWKSet keys, long at) {
	}

}
