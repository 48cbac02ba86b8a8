package dev.tessera.auth.key;

import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges an operator alerts on: how old the signing key is, and how long until the
 * schedule replaces it (negative means the rotation is overdue). A third says which JCA
 * provider signs (see {@link NativeCrypto}), since it sets the token endpoint's speed.
 */
public class KeyMetrics implements MeterBinder {

	private final SigningKeys keys;

	private final Duration rotationPeriod;

	private final Clock clock;

	private final JWSAlgorithm algorithm;

	public KeyMetrics(SigningKeys keys, Duration rotationPeriod, Clock clock, JWSAlgorithm algorithm) {
		this.keys = keys;
		this.rotationPeriod = rotationPeriod;
		this.clock = clock;
		this.algorithm = algorithm;
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
		Gauge.builder("tessera.keys.signing.provider", () -> 1)
			.tag("algorithm", this.algorithm.getName())
			.tag("provider", signingProvider(this.algorithm))
			.description("The JCA provider that signs tokens with the configured algorithm (always 1)")
			.register(registry);
	}

	/** The provider Nimbus gets when it asks the JCA for the algorithm's signature. */
	static String signingProvider(JWSAlgorithm algorithm) {
		String jcaName = switch (algorithm.getName()) {
			case "PS256" -> "RSASSA-PSS";
			case "ES256" -> "SHA256withECDSA";
			default -> "SHA256withRSA";
		};
		try {
			return Signature.getInstance(jcaName).getProvider().getName();
		}
		catch (NoSuchAlgorithmException ex) {
			return "none";
		}
	}

	double activeAgeSeconds() {
		KeySnapshot snapshot = this.keys.current();
		return (snapshot.signingActivatedAt() != null)
				? Duration.between(snapshot.signingActivatedAt(), this.clock.instant()).toSeconds() : 0;
	}

}
