package dev.tessera.auth.key;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this node has a signing key to sign tokens with (part of the readiness group:
 * without one, no token can be issued). Reads the key set in memory only; the key's age
 * is a metric ({@link KeyMetrics}), not a health matter.
 */
public class SigningKeyHealthIndicator implements HealthIndicator {

	private final SigningKeys keys;

	public SigningKeyHealthIndicator(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public Health health() {
		try {
			KeySnapshot snapshot = this.keys.current();
			if (snapshot.signing() == null) {
				return Health.down().withDetail("reason", "no ACTIVE signing key").build();
			}
			return Health.up().withDetail("kid", snapshot.signing().getKeyID()).build();
		}
		catch (IllegalStateException ex) {
			return Health.down().withDetail("reason", "signing keys are not loaded yet").build();
		}
	}

}
