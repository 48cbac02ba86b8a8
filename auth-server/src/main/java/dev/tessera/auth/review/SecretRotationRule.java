package dev.tessera.auth.review;

import java.time.Instant;

/**
 * A client's secret is past its rotation when its current secret is older than the
 * client's rotation period (its own secret lifetime, else
 * {@code tessera.clients.secret-ttl}), or has expired. A client without a secret (a key
 * or certificate client, a public client) has nothing to rotate.
 */
public final class SecretRotationRule {

	private SecretRotationRule() {
	}

	public static boolean isPastRotation(ClientFacts client, Instant now) {
		if (!client.hasSecret()) {
			return false;
		}
		boolean tooOld = now.isAfter(client.secretCreatedAt().plus(client.rotationPeriod()));
		boolean expired = client.secretExpiresAt() != null && !now.isBefore(client.secretExpiresAt());
		return tooOld || expired;
	}

}
