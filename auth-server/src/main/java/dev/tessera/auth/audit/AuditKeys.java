package dev.tessera.auth.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tessera.auth.key.ServerSecrets;

/**
 * The keys of the audit trail's tamper evidence, both derived (HMAC-SHA-256 with a
 * label) from one random 256-bit server secret, {@value #SECRET}, which is stored only
 * encrypted under the key-encryption key ({@link ServerSecrets}): the chain key (each
 * row's HMAC) and the checkpoint key (the MAC of the checkpoints written outside the
 * database). Whoever holds the database alone can neither recompute a chain nor forge a
 * checkpoint.
 * <p>
 * A stored random secret rather than a derivation from the KEK itself: the secret is
 * re-encrypted when the KEK rotates, so the keys, and with them every chain and
 * checkpoint already written, stay verifiable across KEK rotations; a key derived from
 * the KEK would change with it and leave the older rows verifiable only under a KEK that
 * has been retired.
 */
public record AuditKeys(byte[] chainKey, byte[] checkpointKey) {

	/** The name of the server secret the audit keys derive from. */
	public static final String SECRET = "audit-chain";

	public static AuditKeys load(ServerSecrets secrets) {
		return derive(secrets.getOrCreate(SECRET));
	}

	static AuditKeys derive(byte[] root) {
		return new AuditKeys(label(root, "tessera audit chain v1"), label(root, "tessera audit checkpoint v1"));
	}

	private static byte[] label(byte[] root, String label) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(root, "HmacSHA256"));
			return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "AuditKeys[masked]";
	}

}
