package dev.tessera.auth.client;

import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * What a node caches per client: Spring's view of it, the hashes of its live secrets, and
 * its registered public keys for {@code private_key_jwt} (an inline JWKS document or a
 * {@code jwksUri}). Immutable, so the token path reads it without locks.
 */
public record ClientRecord(RegisteredClient registeredClient, boolean enabled, List<StoredSecret> secrets, String jwks,
		String jwksUri) {

	/** A secret's keyed hash and the instant it stops working. */
	public record StoredSecret(byte[] hash, Instant expiresAt) {
	}

}
