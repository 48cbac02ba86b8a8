package dev.tessera.bench;

import java.time.Duration;

/**
 * The hard end of a run. Every wait and every load phase stops at it, so a hung server or
 * a slow machine ends the run with an error instead of holding CI hostage.
 */
final class Deadline {

	private final long endNanos;

	private final Duration limit;

	private Deadline(Duration limit) {
		this.limit = limit;
		this.endNanos = System.nanoTime() + limit.toNanos();
	}

	static Deadline after(Duration limit) {
		return new Deadline(limit);
	}

	Duration limit() {
		return this.limit;
	}

	long endNanos() {
		return this.endNanos;
	}

	boolean passed() {
		return System.nanoTime() - this.endNanos >= 0;
	}

	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.endNanos - System.nanoTime()));
	}

	/**
	 * The earlier of this deadline and {@code nanos} from now, as a
	 * {@link System#nanoTime()} value.
	 */
	long endOr(long nanosFromNow) {
		long candidate = System.nanoTime() + nanosFromNow;
		return (candidate - this.endNanos < 0) ? candidate : this.endNanos;
	}

	/**
	 * @throws BenchmarkException when the time is up
	 */
	void check(String doing) {
		if (passed()) {
			throw new BenchmarkException("the time limit of " + Durations.format(this.limit) + " was reached while "
					+ doing + " (raise it with --time-limit)");
		}
	}

}
