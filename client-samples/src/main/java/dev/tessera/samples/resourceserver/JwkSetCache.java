package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.util.Assert;

/**
 * How long this API trusts its copy of Tessera's JWK Set, and how often a token can make
 * it download the set again, chosen on purpose rather than left to whatever the framework
 * does.
 * <p>
 * The set is cached for {@code timeToLive} and downloaded again when that has passed. A
 * token naming a {@code kid} the cached set lacks makes it refetch the set at once (how a
 * key Tessera rotated in is found), but at most twice per {@code minRefreshInterval};
 * past that budget such a token is checked against the keys at hand, so one with a
 * made-up {@code kid} is refused as a bad token (401), never a server error.
 * <p>
 * Why not Nimbus's {@code JWKSourceBuilder} with {@code cache(..)} and
 * {@code rateLimited(..)}: it puts the rate limiter under the cache, so the one limit
 * counts every download, the one due when the set expires included. Once refetches for
 * unknown {@code kid}s spent the budget without refreshing the cache (Tessera slow or
 * briefly failing), the expiry download was refused too, and every valid token was
 * refused as if it were forged until the window ended. (Spring Security's
 * {@code NimbusJwtDecoder.withJwkSetUri(..)} has no limit at all: anyone can make the API
 * hammer Tessera with made-up {@code kid}s.) Here the same Nimbus pieces are put together
 * by hand so that only refetches pass the limiter: a {@link URLBasedJWKSetSource}
 * downloads, a {@link CachingJWKSetSource} above it keeps the set and downloads it when
 * absent or expired, a {@link RateLimitedJWKSetSource} guards the cache's refetches, and
 * {@code LimitedRefetches} (the one piece Nimbus lacks) sends each request to one or the
 * other.
 * <p>
 * The download due at expiry has no limit of its own: while Tessera answers it happens
 * once per {@code timeToLive}, and it never spends the refetch budget nor waits for it.
 * No outage tolerance: when Tessera cannot be reached once the set has expired, each
 * request with a token tries the download again (one at a time: the cache lets one
 * download run and the others wait for it) and fails with a server error, rather than
 * being checked against keys that may have been revoked meanwhile.
 * <p>
 * What the time-to-live means for revocation: a key Tessera revokes leaves its JWKS at
 * once, but this API keeps accepting tokens that key signed until its cached copy is
 * older than {@code timeToLive} (or a token with a new {@code kid} makes it refetch
 * sooner). The default, 5 minutes, is far below Tessera's JWKS {@code max-age} (1 hour),
 * so rotations are picked up early, and bounds how long a revoked key stays trusted. An
 * API that must stop trusting a token the moment it is revoked asks Tessera's
 * introspection endpoint instead (RFC 7662).
 *
 * @param timeToLive how long a downloaded JWK Set is used before it is downloaded again
 * @param minRefreshInterval the window in which tokens with unknown {@code kid}s cause at
 * most two refetches; shorter than {@code timeToLive}
 */
public record JwkSetCache(Duration timeToLive, Duration minRefreshInterval) {

	/** 5 minutes, at most two refetches per 30 s: Nimbus's own defaults. */
	public static final JwkSetCache DEFAULTS = new JwkSetCache(Duration.ofMinutes(5), Duration.ofSeconds(30));

	// Nimbus's defaults are 500 ms each, tight for a first TLS handshake across networks
	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private static final int READ_TIMEOUT_MILLIS = 2000;

	// a JWK Set larger than 50 KB is not Tessera's
	private static final int SIZE_LIMIT_BYTES = JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT;

	// how long concurrent requests wait for one download before failing
	private static final long REFRESH_TIMEOUT_MILLIS = 5000;

	public JwkSetCache {
		Assert.notNull(timeToLive, "timeToLive must not be null");
		Assert.notNull(minRefreshInterval, "minRefreshInterval must not be null");
		Assert.isTrue(!minRefreshInterval.isNegative() && !minRefreshInterval.isZero(),
				"minRefreshInterval must be positive");
		// JWKSourceBuilder's rule too, so these settings mean the same as there
		Assert.isTrue(minRefreshInterval.compareTo(timeToLive) < 0, () -> "minRefreshInterval (" + minRefreshInterval
				+ ") must be shorter than timeToLive (" + timeToLive + ")");
	}

	/**
	 * The keys at {@code jwkSetUri}, downloaded on first use and cached as described
	 * above.
	 */
	public JWKSource<SecurityContext> source(String jwkSetUri) {
		// Nimbus's JWKSource over a JWK Set: the keys matching the token, and if none
		// does, the same lookup once more with a refetch asked for
		return new JWKSetBasedJWKSource<>(setSource(jwkSetUri));
	}

	/**
	 * The JWK Set behind {@link #source(String)}. It takes the current time from its
	 * caller, which Nimbus's {@link JWKSetBasedJWKSource} reads from the system clock:
	 * tests put a clock of their own in between.
	 */
	JWKSetSource<SecurityContext> setSource(String jwkSetUri) {
		JWKSetSource<SecurityContext> downloads = new URLBasedJWKSetSource<>(url(jwkSetUri),
				new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES));
		// a download when the set expires blocks the requests of that moment, as in
		// Spring's default; refreshing ahead would need a TTL of tens of seconds
		CachingJWKSetSource<SecurityContext> cache = new CachingJWKSetSource<>(downloads, this.timeToLive.toMillis(),
				REFRESH_TIMEOUT_MILLIS, null);
		return new LimitedRefetches(cache,
				new RateLimitedJWKSetSource<>(cache, this.minRefreshInterval.toMillis(), null));
	}

	private static URL url(String jwkSetUri) {
		try {
			return URI.create(jwkSetUri).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a JWK Set URL: " + jwkSetUri, ex);
		}
	}

	/**
	 * Sends a request for the set as it is straight to the cache, which downloads it only
	 * when absent or expired, and a request to refetch it (a token's {@code kid} is not
	 * in the set) through the rate limiter. Nimbus has no such piece: its
	 * {@code RateLimitedJWKSetSource} limits whatever passes through it, so it can only
	 * sit under the cache (limiting every download) or over it (limiting every lookup).
	 * <p>
	 * A refetch past the budget is not an error: the token is checked against the set at
	 * hand, which refuses an unknown {@code kid} as a bad token (Nimbus signals the
	 * refusal with a {@code KeySourceException}, which Spring would answer with a 500). A
	 * refetch that another request already made (the set is no longer the one the token
	 * was checked against) costs nothing.
	 */
	private static final class LimitedRefetches implements JWKSetSource<SecurityContext> {

		private final JWKSetSource<SecurityContext> cache;

		private final JWKSetSource<SecurityContext> limitedRefetches;

		LimitedRefetches(JWKSetSource<SecurityContext> cache, JWKSetSource<SecurityContext> limitedRefetches) {
			this.cache = cache;
			this.limitedRefetches = limitedRefetches;
		}

		@Override
		public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
				throws KeySourceException {
			JWKSet current = this.cache.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), currentTime, context);
			if (!refreshEvaluator.requiresRefresh(current)) {
				return current;
			}
			try {
				return this.limitedRefetches.getJWKSet(refreshEvaluator, currentTime, context);
			}
			catch (RateLimitReachedException ex) {
				return current;
			}
		}

		@Override
		public void close() throws IOException {
			this.cache.close();
		}

	}

}
