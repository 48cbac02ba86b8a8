package dev.tessera.auth.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} the test moves, so rules about time (rotation, expiry, grace periods,
 * retention, checkpoints) are tested by ticking time instead of sleeping through it.
 * <p>
 * Every test context's primary {@code Clock} bean is one of these (see
 * {@link TesseraTestContextCustomizerFactory}), and it runs like the system clock until a
 * test moves it; after each test method it is {@linkplain #reset() reset} to the system
 * clock ({@link MutableClockResetListener}), so tests sharing a context never inherit a
 * moved clock. That matters beyond Tessera's own rules: Spring's authorization server
 * judges a stored token's {@code nbf} and {@code exp} by the system clock, so a fresh
 * token from a server whose clock is ahead introspects inactive until real time catches
 * up. A clock made with {@link #stoppedAt(Instant)} does not run at all, for rule classes
 * tested alone.
 * <p>
 * Thread-safe: the server's scheduler and request threads read it while the test moves
 * it.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<State> state;

	private final ZoneId zone;

	private MutableClock(AtomicReference<State> state, ZoneId zone) {
		this.state = state;
		this.zone = zone;
	}

	/** A clock that runs with the system clock until it is moved. */
	public static MutableClock running() {
		return new MutableClock(new AtomicReference<>(new State(null, Duration.ZERO)), ZoneOffset.UTC);
	}

	/** A clock that stays at {@code instant} until it is moved. */
	public static MutableClock stoppedAt(Instant instant) {
		return new MutableClock(new AtomicReference<>(new State(Objects.requireNonNull(instant), Duration.ZERO)),
				ZoneOffset.UTC);
	}

	@Override
	public Instant instant() {
		return this.state.get().instant();
	}

	/** Moves the clock forward (or back, for a negative amount) by {@code amount}. */
	public MutableClock advance(Duration amount) {
		Objects.requireNonNull(amount);
		this.state.updateAndGet(
				current -> (current.stoppedAt() != null) ? new State(current.stoppedAt().plus(amount), Duration.ZERO)
						: new State(null, current.offset().plus(amount)));
		return this;
	}

	/**
	 * Moves the clock forward to {@code instant}, or leaves it where it is when it is
	 * there already: for stepping through a schedule read from the server's own state.
	 */
	public MutableClock advanceTo(Instant instant) {
		Objects.requireNonNull(instant);
		this.state.updateAndGet(current -> {
			Duration ahead = Duration.between(current.instant(), instant);
			if (ahead.isNegative()) {
				return current;
			}
			return (current.stoppedAt() != null) ? new State(instant, Duration.ZERO)
					: new State(null, current.offset().plus(ahead));
		});
		return this;
	}

	/** Sets the clock to {@code instant}; a running clock goes on running from there. */
	public MutableClock set(Instant instant) {
		Objects.requireNonNull(instant);
		this.state.updateAndGet(current -> (current.stoppedAt() != null) ? new State(instant, Duration.ZERO)
				: new State(null, Duration.between(Instant.now(), instant)));
		return this;
	}

	/** Back to the system clock, running: where every test of a shared context starts. */
	public MutableClock reset() {
		this.state.set(new State(null, Duration.ZERO));
		return this;
	}

	/** How far this clock is from the system clock now. */
	public Duration offset() {
		return Duration.between(Instant.now(), instant());
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	/** The same clock (moved together) seen in another zone. */
	@Override
	public Clock withZone(ZoneId zone) {
		return new MutableClock(this.state, zone);
	}

	@Override
	public String toString() {
		return "MutableClock[" + instant() + "]";
	}

	/** Stopped at an instant, or the system clock plus an offset. */
	private record State(Instant stoppedAt, Duration offset) {

		Instant instant() {
			return (this.stoppedAt != null) ? this.stoppedAt : Instant.now().plus(this.offset);
		}

	}

}
