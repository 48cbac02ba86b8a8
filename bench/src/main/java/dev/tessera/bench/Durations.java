package dev.tessera.bench;

import java.time.Duration;

/**
 * Durations as people write them ({@code 20s}, {@code 1.5s}, {@code 250ms}), for logs and
 * the report.
 */
final class Durations {

	private Durations() {
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 != 0 && millis < 10_000) {
			return (millis < 1000) ? millis + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
		}
		long seconds = Math.round(millis / 1000.0);
		return (seconds % 60 == 0 && seconds >= 120) ? (seconds / 60) + "m" : seconds + "s";
	}

	static String seconds(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
	}

}
