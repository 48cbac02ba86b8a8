package dev.tessera.auth.key;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges an operator alerts on: how old the signing key is, and how long until the
 * schedule replaces it (negative means the rotation is overdue).
 */
public class KeyMetrics implements MeterBinder {

	private final SigningKeys keys;

	private final Duration rotationPeriod;

	private final Clock clock;

	public KeyMetrics(SigningKeys keys, Duration rotationPeriod, Clock clock) {
		this.keys = keys;
		this.rotationPeriod = rotationPeriod;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tessera.keys.active.age", this::activeAgeSeconds)
			.baseUnit("seconds")
			.description("Age of the signing key")
			.register(registry);
		Gauge.builder("tessera.keys.rotation.due", () -> this.rotationPeriod.toSeconds() - activeAgeSeconds())
			.baseUnit("seconds")
			.description("Time until the scheduled rotation of the signing key")
			.register(registry);
	}

	double activeAgeSeconds() {
		KeySnapshot snapshot = this.keys.current();
		return (snapshot.signingActivatedAt() != null)
				? Duration.between(snapshot.signingActivatedAt(), this.clock.instant()).toSeconds() : 0;
	}

}
