package dev.tessera.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Response times of one load phase in an HdrHistogram (microsecond resolution, three
 * significant digits, up to five minutes), one per worker thread so recording takes no
 * lock, merged at the end. Percentiles over an average: a token endpoint is judged by its
 * tail.
 */
public final class LatencyStats {

	private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

	private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);

	void record(long nanos) {
		long micros = Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
		this.histogram.recordValue(micros);
	}

	void add(LatencyStats other) {
		this.histogram.add(other.histogram);
	}

	public long count() {
		return this.histogram.getTotalCount();
	}

	/** The latency at this percentile (0–100) in milliseconds. */
	public double percentileMillis(double percentile) {
		return this.histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	public double maxMillis() {
		return this.histogram.getMaxValue() / 1000.0;
	}

	public double meanMillis() {
		return this.histogram.getMean() / 1000.0;
	}

}
