package dev.tessera.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What one timed phase measured: successful requests per second of wall time, the latency
 * distribution of every request, and the errors (non-2xx statuses, exceptions, sampled
 * bodies that were wrong) with a count per kind and the first one's detail.
 */
public record LoadResult(int connections, long requests, long errors, Duration elapsed, LatencyStats latency,
		Map<String, Long> errorKinds, String firstError, long verified) {

	/** Successful requests per second. */
	public double perSecond() {
		double seconds = this.elapsed.toNanos() / 1e9;
		return (seconds > 0) ? (this.requests - this.errors) / seconds : 0;
	}

}
