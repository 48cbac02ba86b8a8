package dev.tessera.auth.egress;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The key sets that admins register by URL (a client's {@code jwksUri}, a trusted
 * issuer's), kept so that a partner whose key server is down or slow costs its own
 * requests little and everyone else's nothing. Per URL, a chain of Nimbus JWK set
 * sources, outermost first:
 * <ul>
 * <li>{@link OutageTolerantJWKSetSource}: while downloads fail (or are refused below),
 * the last good set keeps serving for up to {@code staleMaxAge} after it was last served
 * fresh;</li>
 * <li>{@link BoundedLoadJWKSetSource}: when a download is due, at most {@code maxWaiting}
 * requests wait for the one under way, and across all URLs at most {@code maxInFlight}
 * download or wait; the others are answered at once (by the last good set, or refused),
 * so a slow partner holds few request threads;</li>
 * <li>{@link CachingJWKSetSource}: a fetched set is reused for {@code cacheTtl}; one
 * request downloads, the admitted others wait for it;</li>
 * <li>{@link FailureBackoffJWKSetSource}: a failed download is remembered, and the URL is
 * not tried again for {@code failureBackoff}, doubling up to {@code maxFailureBackoff};
 * requests fail at once with that failure meanwhile;</li>
 * <li>{@link RateLimitedJWKSetSource}: the refetch floor, at most two downloads per
 * {@code minRefreshInterval} (one spare for a key rotation), so unknown key ids cannot
 * make the server a request amplifier;</li>
 * <li>{@link URLBasedJWKSetSource} with the {@link JwksDownloader} as its resource
 * retriever: the outbound rules.</li>
 * </ul>
 * Built by hand rather than with {@code JWKSourceBuilder}, whose fixed order puts the
 * outage tolerance under the cache (a stale set would then be cached anew, past its
 * bound) and the rate limiter above the outage tolerance (a limited refresh would fail
 * instead of serving the last good set); refresh-ahead is left out because Nimbus gives
 * each source its own refresh thread. Time is read from the {@link Clock} and handed to
 * the sources, so these rules are tested without sleeping.
 */
public class JwksFetcher {

	private final JwksDownloader downloader;

	private final Settings settings;

	private final Clock clock;

	private final Cache<URI, JWKSetSource<SecurityContext>> sources;

	/** Request threads downloading or waiting for a download, across all URLs. */
	private final Semaphore inFlight;

	public JwksFetcher(JwksDownloader downloader, Settings settings, Clock clock) {
		this.downloader = downloader;
		this.settings = settings;
		this.clock = clock;
		this.inFlight = new Semaphore(settings.maxInFlight());
		this.sources = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterAccess(settings.staleMaxAge().plus(settings.maxFailureBackoff()))
			.build();
	}

	/**
	 * Checks a URL an admin wants to register (no DNS query is made: the host is resolved
	 * and checked again before every fetch).
	 * @return the URL as a URI
	 * @throws IllegalArgumentException with a message saying what is wrong
	 */
	public static URI validateUrl(String url, boolean allowLoopbackHttp) {
		return new EgressPolicy(allowLoopbackHttp).parse(url);
	}

	/**
	 * {@link #validateUrl} as a rule for registration checks: what is wrong with a URL,
	 * or empty.
	 */
	public static Function<String, Optional<String>> urlProblem(boolean allowLoopbackHttp) {
		EgressPolicy policy = new EgressPolicy(allowLoopbackHttp);
		return (url) -> {
			try {
				policy.parse(url);
				return Optional.empty();
			}
			catch (IllegalArgumentException ex) {
				return Optional.of(ex.getMessage());
			}
		};
	}

	/**
	 * The keys at this URL as a Nimbus {@link JWKSource}, for a JWT processor: the cached
	 * set, fetched anew once if it holds no key the selector matches (an unknown
	 * {@code kid}, as after a key rotation). A failure is a {@link KeySourceException}
	 * whose cause is an {@link EgressException} saying why, in words for an operator.
	 */
	public JWKSource<SecurityContext> jwkSource(URI uri) {
		return (selector, context) -> select(uri, selector);
	}

	/**
	 * The key set at this URL: the cached one while it is fresh, else downloaded anew (or
	 * the last good one, under the rules above).
	 * @throws EgressException if there is no usable key set
	 */
	public JWKSet get(URI uri) {
		try {
			return source(uri).getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), this.clock.millis(), null);
		}
		catch (KeySourceException ex) {
			throw new EgressException(reason(ex), ex);
		}
	}

	/**
	 * The key set downloaded anew, bypassing the cache, unless the refetch floor or a
	 * back-off forbids it: then the set in hand, as {@link #get} gives it.
	 */
	public JWKSet refresh(URI uri) {
		JWKSet current = get(uri);
		try {
			return refreshed(uri, current);
		}
		catch (KeySourceException ex) {
			return current;
		}
	}

	private List<JWK> select(URI uri, JWKSelector selector) throws KeySourceException {
		try {
			JWKSet current = get(uri);
			List<JWK> matches = selector.select(current);
			if (!matches.isEmpty()) {
				return matches;
			}
			try {
				return selector.select(refreshed(uri, current));
			}
			catch (KeySourceException ex) {
				return matches; // not refetched now (floor, back-off): the set in hand
								// has no match
			}
		}
		catch (EgressException ex) {
			throw new KeySourceException(ex.getMessage(), ex);
		}
	}

	private JWKSet refreshed(URI uri, JWKSet current) throws KeySourceException {
		return source(uri).getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(current), this.clock.millis(),
				null);
	}

	private JWKSetSource<SecurityContext> source(URI uri) {
		return this.sources.get(uri, this::newSource);
	}

	private JWKSetSource<SecurityContext> newSource(URI uri) {
		URLBasedJWKSetSource<SecurityContext> download;
		try {
			download = new URLBasedJWKSetSource<>(uri.toURL(), this.downloader);
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new EgressException("Refused: not a valid URL");
		}
		JWKSetSource<SecurityContext> floor = new RateLimitedJWKSetSource<>(download,
				this.settings.minRefreshInterval().toMillis(), null);
		JWKSetSource<SecurityContext> backoff = new FailureBackoffJWKSetSource<>(floor, this.settings.failureBackoff(),
				this.settings.maxFailureBackoff(), this.settings.minRefreshInterval());
		JWKSetSource<SecurityContext> cache = new CachingJWKSetSource<>(backoff, this.settings.cacheTtl().toMillis(),
				this.downloader.timeout().plusSeconds(1).toMillis(), null);
		JWKSetSource<SecurityContext> bounded = new BoundedLoadJWKSetSource<>(cache, this.settings.cacheTtl(),
				this.settings.maxWaiting(), this.inFlight);
		return new OutageTolerantJWKSetSource<>(bounded, this.settings.staleMaxAge().toMillis(), null);
	}

	/**
	 * What went wrong, in the outbound rules' words where there are some (the
	 * {@link EgressException} behind Nimbus's wrapping), else Nimbus's.
	 */
	static String reason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EgressException egress) {
				return egress.getMessage();
			}
		}
		return failure.getMessage();
	}

	/**
	 * How key sets fetched by URL are kept (see the class description).
	 *
	 * @param cacheTtl how long a fetched set is used before it is fetched again
	 * @param minRefreshInterval the refetch floor: at most two downloads of a URL in it
	 * @param failureBackoff how long a URL is not tried after its first failure
	 * @param maxFailureBackoff the cap of the doubling back-off
	 * @param staleMaxAge how long the last good set may still serve while fetches fail
	 * @param maxWaiting how many requests may wait for a download under way
	 * @param maxInFlight how many requests may download or wait, across all URLs
	 */
	public record Settings(Duration cacheTtl, Duration minRefreshInterval, Duration failureBackoff,
			Duration maxFailureBackoff, Duration staleMaxAge, int maxWaiting, int maxInFlight) {
	}

}
