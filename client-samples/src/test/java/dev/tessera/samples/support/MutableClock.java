package dev.tessera.samples.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, moved to a chosen instant when a test says so (and ticking on from
 * there), for the samples' token caches: given to Spring's authorized-client providers
 * ({@code setClock}), it takes a cached token to its renewal point without waiting for
 * it. Tessera and the tokens keep the real time.
 */
public final class MutableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	/** From now on, time runs on from {@code instant}. */
	public void moveTo(Instant instant) {
		this.offset = Duration.between(Instant.now(), instant);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("UTC only");
	}

}
