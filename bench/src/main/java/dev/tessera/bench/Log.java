package dev.tessera.bench;

import java.util.Locale;

/**
 * Progress lines on standard error, stamped with the run's elapsed time, so stdout stays
 * the report.
 */
final class Log {

	private static volatile long start = System.nanoTime();

	private Log() {
	}

	static void restartClock() {
		start = System.nanoTime();
	}

	static void line(String message) {
		double seconds = (System.nanoTime() - start) / 1e9;
		System.err.println(String.format(Locale.ROOT, "[bench %6.1f s] %s", seconds, message));
		System.err.flush();
	}

}
