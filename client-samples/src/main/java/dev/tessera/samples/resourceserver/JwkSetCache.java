package dev.tessera.samples.resourceserver;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.util.Assert;

/**
 * How long this API trusts its copy of Tessera's JWK Set, chosen on purpose rather than
 * left to whatever the framework does.
 * <p>
 * Spring Security 7's {@code NimbusJwtDecoder.withJwkSetUri(..)} caches the set for
 * Nimbus's default 5 minutes, but turns Nimbus's rate limiter off: every token naming a
 * {@code kid} the cache does not know makes it download the set again, so anyone can make
 * the API hammer Tessera by sending tokens with made-up {@code kid}s. Here the set is
 * cached for {@code timeToLive}, a token with an unknown {@code kid} refetches it (how a
 * rotated key is picked up), and at most two downloads happen per
 * {@code minRefreshInterval} (Nimbus's {@code RateLimitedJWKSetSource}); past that, an
 * unknown {@code kid} is refused as a bad token (401) instead of turning into a server
 * error. (Nimbus puts the limiter under the cache, so the download due when the set
 * expires counts too: should it fall right after two refetches for unknown {@code kid}s,
 * tokens are refused until the window ends, at most {@code minRefreshInterval}.)
 * <p>
 * What the time-to-live means for revocation: a key Tessera revokes leaves its JWKS at
 * once, but this API keeps accepting tokens that key signed until its cached copy is
 * older than {@code timeToLive} (or a token with a new {@code kid} makes it refetch
 * sooner). The default, 5 minutes, is far below Tessera's JWKS {@code max-age} (1 hour),
 * so rotations are picked up early, and bounds how long a revoked key stays trusted. An
 * API that must stop trusting a token the moment it is revoked asks Tessera's
 * introspection endpoint instead (RFC 7662).
 * <p>
 * No outage tolerance: when Tessera cannot be reached once the set has expired, requests
 * with a token fail with a server error rather than being checked against keys that may
 * have been revoked meanwhile.
 *
 * @param timeToLive how long a downloaded JWK Set is used before it is downloaded again
 * @param minRefreshInterval the window in which at most two downloads happen; shorter
 * than {@code timeToLive}
 */
public record JwkSetCache(Duration timeToLive, Duration minRefreshInterval) {

	/** 5 minutes, at most two downloads per 30 s: Nimbus's own defaults. */
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
		Assert.isTrue(minRefreshInterval.compareTo(timeToLive) < 0, () -> "minRefreshInterval (" + minRefreshInterval
				+ ") must be shorter than timeToLive (" + timeToLive + ")");
	}

	/**
	 * The keys at {@code jwkSetUri}, downloaded on first use and cached as described
	 * above.
	 */
	public JWKSource<SecurityContext> source(String jwkSetUri) {
		JWKSource<SecurityContext> cached = JWKSourceBuilder
			.<SecurityContext>create(url(jwkSetUri),
					new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES))
			.cache(this.timeToLive.toMillis(), REFRESH_TIMEOUT_MILLIS)
			// a download when the set expires blocks the requests of that moment, as in
			// Spring's default; refreshing ahead would need a TTL of tens of seconds
			.refreshAheadCache(false)
			.rateLimited(this.minRefreshInterval.toMillis())
			.build();
		return new RefusingPastRateLimit(cached);
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
	 * Nimbus signals a download refused by the rate limiter with an exception, which
	 * Spring would answer with a 500; no key is what it means for the token at hand.
	 */
	private record RefusingPastRateLimit(JWKSource<SecurityContext> delegate) implements JWKSource<SecurityContext> {

		@Override
		public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
			try {
				return this.delegate.get(selector, context);
			}
			catch (RateLimitReachedException ex) {
				return List.of();
			}
		}

	}

}
