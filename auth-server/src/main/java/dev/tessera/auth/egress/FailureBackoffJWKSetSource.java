package dev.tessera.auth.egress;

import java.time.Duration;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Nimbus's sources lack: a failed download of a URL is remembered, and for
 * {@code failureBackoff} (doubling with each further failure, up to
 * {@code maxFailureBackoff}) the URL is not tried again; a request meanwhile fails at
 * once with that failure ("... (not retried for 5 s)") instead of waiting for a timeout
 * of its own. A success resets the back-off. A download the rate limiter below refused
 * (the refetch floor) is not a failure of the URL.
 * <p>
 * Every refusal is a {@link JWKSetUnavailableException}, so the outage-tolerant source
 * above serves the last good keys instead where it has them. Times are the ones the
 * caller passes (a {@link java.time.Clock}'s), never read here.
 */
final class FailureBackoffJWKSetSource<C extends SecurityContext> extends JWKSetSourceWrapper<C> {

	private static final Logger log = LoggerFactory.getLogger(FailureBackoffJWKSetSource.class);

	private final Duration failureBackoff;

	private final Duration maxFailureBackoff;

	private final Duration minRefreshInterval;

	private int failures;

	private long retryAt;

	private String lastFailure;

	FailureBackoffJWKSetSource(JWKSetSource<C> source, Duration failureBackoff, Duration maxFailureBackoff,
			Duration minRefreshInterval) {
		super(source);
		this.failureBackoff = failureBackoff;
		this.maxFailureBackoff = maxFailureBackoff;
		this.minRefreshInterval = minRefreshInterval;
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, C context)
			throws KeySourceException {
		synchronized (this) {
			if (this.failures > 0 && currentTime < this.retryAt) {
				throw new JWKSetUnavailableException(this.lastFailure + " (not retried for "
						+ Duration.ofMillis(this.retryAt - currentTime).toSeconds() + " s)");
			}
		}
		try {
			JWKSet keys = getSource().getJWKSet(refreshEvaluator, currentTime, context);
			synchronized (this) {
				this.failures = 0;
			}
			return keys;
		}
		catch (RateLimitReachedException ex) {
			throw new JWKSetUnavailableException("The JWKS URL was fetched less than "
					+ this.minRefreshInterval.toSeconds() + " s ago; not fetched again yet", ex);
		}
		catch (KeySourceException ex) {
			String failure = JwksFetcher.reason(ex);
			Duration backoff;
			synchronized (this) {
				this.failures++;
				this.lastFailure = failure;
				backoff = backoff(this.failures);
				this.retryAt = currentTime + backoff.toMillis();
			}
			// once per failed download (the back-off spaces them): the client only sees
			// invalid_client
			log.warn("A client's key set could not be used: {} (not retried for {} s)", failure, backoff.toSeconds());
			throw new JWKSetUnavailableException(failure, ex);
		}
	}

	private Duration backoff(int failures) {
		Duration backoff = this.failureBackoff.multipliedBy(1L << Math.min(failures - 1, 30));
		return (backoff.compareTo(this.maxFailureBackoff) > 0 || backoff.isNegative()) ? this.maxFailureBackoff
				: backoff;
	}

}
