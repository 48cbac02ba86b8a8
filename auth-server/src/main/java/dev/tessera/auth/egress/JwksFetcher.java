package dev.tessera.auth.egress;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The key sets that admins register by URL (a client's {@code jwksUri}, a trusted
 * issuer's), kept so that a partner whose key server is down or slow costs its own
 * requests little and everyone else's nothing. Each download goes through a
 * {@link JwksDownloader} (the outbound rules); around it, per URL:
 * <ul>
 * <li>a fetched set is reused for {@code cacheTtl};</li>
 * <li>a forced {@link #refresh} (for a {@code kid} the set lacks) happens at most once
 * per {@code minRefreshInterval}, so unknown key ids cannot make the server a request
 * amplifier;</li>
 * <li>a failed download is remembered: no new attempt for {@code failureBackoff},
 * doubling with each further failure up to {@code maxFailureBackoff}; meanwhile
 * requests fail at once with that failure instead of waiting for a timeout each;</li>
 * <li>while downloads fail (or one is under way), the last good set keeps serving for up
 * to {@code staleMaxAge} after it was fetched;</li>
 * <li>only one download runs at a time; while it does, at most {@code maxWaiting}
 * requests wait for it and the others fail at once (or get the last good set), so a
 * slow partner holds at most {@code 1 + maxWaiting} request threads;</li>
 * <li>across all URLs, at most {@code maxInFlight} request threads download or wait at
 * once, so partners with many URLs (or many slow partners) still leave the rest of the
 * server's threads to everyone else; past it, requests fail at once (or get the last
 * good set).</li>
 * </ul>
 * Time is read from the {@link Clock}, so these rules can be tested without sleeping.
 */
public class JwksFetcher {

	private final JwksDownloader downloader;

	private final Settings settings;

	private final Clock clock;

	private final Cache<URI, KeySetState> states;

	/** Request threads downloading or waiting for a download, across all URLs. */
	private final Semaphore inFlight;

	public JwksFetcher(JwksDownloader downloader, Settings settings, Clock clock) {
		this.downloader = downloader;
		this.settings = settings;
		this.clock = clock;
		this.inFlight = new Semaphore(settings.maxInFlight());
		this.states = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterAccess(settings.staleMaxAge().plus(settings.maxFailureBackoff()))
			.build();
	}

	/**
	 * Checks a URL an admin wants to register (no DNS query is made: the host is
	 * resolved and checked again before every fetch).
	 * @return the URL as a URI
	 * @throws IllegalArgumentException with a message saying what is wrong
	 */
	public static URI validateUrl(String url, boolean allowLoopbackHttp) {
		return new EgressPolicy(allowLoopbackHttp).parse(url);
	}

	/**
	 * The key set at this URL: the cached one while it is fresh, else downloaded anew
	 * (or the last good one, under the rules above).
	 * @throws EgressException if there is no usable key set, at once during a back-off
	 * or while another request is fetching it
	 */
	public JWKSet get(URI uri) {
		return load(uri, false);
	}

	/**
	 * The key set downloaded anew, bypassing the cache, unless this URL was
	 * force-refreshed within the minimum interval: then as {@link #get}.
	 */
	public JWKSet refresh(URI uri) {
		return load(uri, true);
	}

	/**
	 * The keys at this URL as a Nimbus {@link JWKSource}, for a JWT processor: the cached
	 * set, fetched anew once if it holds no key the selector matches (an unknown
	 * {@code kid}, as after a key rotation). A failure is a {@link KeySourceException}
	 * whose cause is the {@link EgressException}.
	 */
	public JWKSource<SecurityContext> jwkSource(URI uri) {
		return (selector, context) -> {
			try {
				List<JWK> matches = selector.select(get(uri));
				return matches.isEmpty() ? selector.select(refresh(uri)) : matches;
			}
			catch (EgressException ex) {
				throw new KeySourceException(ex.getMessage(), ex);
			}
		};
	}

	private JWKSet load(URI uri, boolean forced) {
		KeySetState state = this.states.get(uri, key -> new KeySetState(this.settings.maxWaiting()));
		CompletableFuture<JWKSet> ours;
		CompletableFuture<JWKSet> theirs;
		synchronized (state) {
			Instant now = this.clock.instant();
			boolean refresh = forced && state.mayForceRefresh(now, this.settings.minRefreshInterval());
			if (refresh) {
				state.lastForcedRefresh = now;
			}
			else if (state.isFresh(now, this.settings.cacheTtl())) {
				return state.keys;
			}
			if (state.retryAt != null && now.isBefore(state.retryAt)) {
				return staleOr(state, now, () -> new EgressException(state.lastFailure.getMessage() + " (not retried for "
						+ Duration.between(now, state.retryAt).toSeconds() + " s)"));
			}
			if (!this.inFlight.tryAcquire()) {
				return staleOr(state, now, () -> new EgressException(
						"Too many key sets are being fetched at once; not waiting in line"));
			}
			if (state.download != null) {
				theirs = state.download;
				ours = null;
				JWKSet stale = state.usableKeys(now, this.settings.staleMaxAge());
				if (stale != null) {
					this.inFlight.release();
					return stale;
				}
			}
			else {
				ours = new CompletableFuture<>();
				theirs = null;
				state.download = ours;
			}
		}
		try {
			return (ours != null) ? download(uri, state, ours) : await(state, theirs);
		}
		finally {
			this.inFlight.release();
		}
	}

	private JWKSet download(URI uri, KeySetState state, CompletableFuture<JWKSet> ours) {
		try {
			JWKSet keys = this.downloader.download(uri);
			synchronized (state) {
				state.succeeded(keys, this.clock.instant());
				state.download = null;
			}
			ours.complete(keys);
			return keys;
		}
		catch (EgressException ex) {
			JWKSet stale;
			synchronized (state) {
				Instant now = this.clock.instant();
				state.failed(ex, now, this.settings);
				state.download = null;
				stale = state.usableKeys(now, this.settings.staleMaxAge());
			}
			ours.completeExceptionally(ex);
			if (stale != null) {
				return stale;
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			synchronized (state) {
				state.download = null;
			}
			ours.completeExceptionally(ex);
			throw ex;
		}
	}

	/** Waits for another request's download, if a waiting place is free. */
	private JWKSet await(KeySetState state, CompletableFuture<JWKSet> theirs) {
		if (!state.waiting.tryAcquire()) {
			throw new EgressException("The JWKS URL is being fetched for other requests; not waiting in line");
		}
		try {
			return theirs.get(this.downloader.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			synchronized (state) {
				return staleOr(state, this.clock.instant(), () -> (ex.getCause() instanceof EgressException egress)
						? egress : new EgressException("Fetching the JWKS failed"));
			}
		}
		catch (TimeoutException ex) {
			throw new EgressException("The JWKS URL did not answer in time");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EgressException("Interrupted while waiting for the JWKS");
		}
		finally {
			state.waiting.release();
		}
	}

	private JWKSet staleOr(KeySetState state, Instant now, Supplier<EgressException> failure) {
		JWKSet stale = state.usableKeys(now, this.settings.staleMaxAge());
		if (stale != null) {
			return stale;
		}
		throw failure.get();
	}

	/**
	 * How key sets fetched by URL are kept (see the class description).
	 *
	 * @param cacheTtl how long a fetched set is used before it is fetched again
	 * @param minRefreshInterval the least time between two forced refreshes of a URL
	 * @param failureBackoff how long a URL is not tried after its first failure
	 * @param maxFailureBackoff the cap of the doubling back-off
	 * @param staleMaxAge how long after its fetch the last good set may still serve
	 * @param maxWaiting how many requests may wait for a download under way
	 * @param maxInFlight how many requests may download or wait, across all URLs
	 */
	public record Settings(Duration cacheTtl, Duration minRefreshInterval, Duration failureBackoff,
			Duration maxFailureBackoff, Duration staleMaxAge, int maxWaiting, int maxInFlight) {
	}

	/** What is known of one URL; guarded by its own monitor, except {@link #waiting}. */
	private static final class KeySetState {

		JWKSet keys;

		Instant fetchedAt;

		int failures;

		Instant retryAt;

		EgressException lastFailure;

		Instant lastForcedRefresh;

		CompletableFuture<JWKSet> download;

		final Semaphore waiting;

		KeySetState(int maxWaiting) {
			this.waiting = new Semaphore(maxWaiting);
		}

		boolean isFresh(Instant now, Duration ttl) {
			return this.keys != null && now.isBefore(this.fetchedAt.plus(ttl));
		}

		boolean mayForceRefresh(Instant now, Duration minInterval) {
			return this.lastForcedRefresh == null || !now.isBefore(this.lastForcedRefresh.plus(minInterval));
		}

		JWKSet usableKeys(Instant now, Duration staleMaxAge) {
			return (this.keys != null && now.isBefore(this.fetchedAt.plus(staleMaxAge))) ? this.keys : null;
		}

		void succeeded(JWKSet keys, Instant now) {
			this.keys = keys;
			this.fetchedAt = now;
			this.failures = 0;
			this.retryAt = null;
			this.lastFailure = null;
		}

		void failed(EgressException failure, Instant now, Settings settings) {
			this.failures++;
			this.lastFailure = failure;
			Duration backoff = settings.failureBackoff().multipliedBy(1L << Math.min(this.failures - 1, 30));
			if (backoff.compareTo(settings.maxFailureBackoff()) > 0 || backoff.isNegative()) {
				backoff = settings.maxFailureBackoff();
			}
			this.retryAt = now.plus(backoff);
		}

	}

}
