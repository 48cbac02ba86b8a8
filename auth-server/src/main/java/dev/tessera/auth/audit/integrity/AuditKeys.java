package dev.tessera.auth.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import dev.tessera.auth.encryption.ServerSecrets;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The keys of the audit trail's tamper evidence, both derived (HMAC-SHA-256 with a label)
 * from one random 256-bit server secret, {@value #SECRET}, which is stored only encrypted
 * under the key-encryption key ({@link ServerSecrets}): the chain key (each row's HMAC)
 * and the checkpoint key (the MAC of the checkpoints written outside the database).
 * Whoever holds the database alone can neither recompute a chain nor forge a checkpoint.
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

	/**
	 * Loads the keys, creating the secret on a trail that has no keyed row yet.
	 * @throws IllegalStateException when the secret is gone although keyed rows exist
	 */
	public static AuditKeys load(ServerSecrets secrets, DataSource dataSource) {
		refuseANewKeyForAnExistingTrail(new JdbcTemplate(dataSource));
		return derive(secrets.getOrCreate(SECRET));
	}

	/**
	 * Whoever can delete the secret's row (the runtime role can) must not make the server
	 * quietly start a new key: every chain written under the old one would then be
	 * unverifiable, and the evidence of which rows were changed gone with it. So a
	 * missing secret is created only while no keyed row exists (a new database, or one
	 * whose rows all predate V6); otherwise the start stops and says to restore the row.
	 */
	static void refuseANewKeyForAnExistingTrail(JdbcTemplate jdbc) {
		Boolean present = jdbc.queryForObject("select exists (select 1 from server_secret where name = ?)",
				Boolean.class, SECRET);
		if (Boolean.TRUE.equals(present)) {
			return;
		}
		Boolean keyedRows = jdbc.queryForObject("select exists (select 1 from audit_event e where not exists "
				+ "(select 1 from audit_legacy_chain l where l.chain_id = e.chain_id))", Boolean.class);
		if (Boolean.TRUE.equals(keyedRows)) {
			throw new IllegalStateException("The audit chain key (server_secret '" + SECRET + "') is missing from "
					+ "the database although audit rows chained under it exist: it was deleted. Restore that row "
					+ "from a backup; a new key would leave every existing chain unverifiable, so none is made.");
		}
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
