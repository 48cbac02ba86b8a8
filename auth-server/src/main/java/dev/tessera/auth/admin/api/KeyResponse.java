package dev.tessera.auth.admin.api;

import java.time.Instant;

import dev.tessera.auth.key.SigningKey;

/** A signing key as the admin API shows it: its state and dates, never key material. */
public record KeyResponse(String kid, String alg, String status, Instant createdAt, Instant activatedAt,
		Instant retiresAt) {

	static KeyResponse of(SigningKey key) {
		return new KeyResponse(key.getKid(), key.getAlg(), key.getStatus().name(), key.getCreatedAt(),
				key.getActivatedAt(), key.getRetiresAt());
	}

}
