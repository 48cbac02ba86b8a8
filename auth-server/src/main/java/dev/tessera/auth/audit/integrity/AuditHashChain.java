package dev.tessera.auth.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;

/**
 * The tamper evidence of the audit trail: each row's hash is HMAC-SHA-256, under a key
 * the database does not hold in clear ({@link AuditKeys}), over the previous row's hash
 * and the row's canonical form (every field, length-prefixed so no two rows can share a
 * form). Changing, removing or reordering a row breaks every later link of its chain, and
 * recomputing the links after a change takes the key, hence the key-encryption key as
 * well as the database.
 * <p>
 * Rows chained before V6 used plain SHA-256 over the same input ({@link #legacy()}); the
 * verifier checks those chains, closed by the migration ({@code audit_legacy_chain}),
 * that way.
 */
public final class AuditHashChain {

	/** The {@code prev_hash} of a chain's first row. */
	public static final byte[] GENESIS = new byte[32];

	private static final AuditHashChain LEGACY = new AuditHashChain(null);

	/** Null for the legacy, unkeyed chain. */
	private final SecretKeySpec key;

	private final ThreadLocal<Mac> macs;

	private AuditHashChain(byte[] key) {
		this.key = (key != null) ? new SecretKeySpec(key, "HmacSHA256") : null;
		this.macs = (key != null) ? ThreadLocal.withInitial(this::newMac) : null;
	}

	/** The chain of every row written since V6. */
	public static AuditHashChain keyed(byte[] key) {
		if (key == null || key.length < 32) {
			throw new IllegalArgumentException("The audit chain key must have at least 256 bits");
		}
		return new AuditHashChain(key.clone());
	}

	/** Plain SHA-256: only to verify chains written before V6. */
	public static AuditHashChain legacy() {
		return LEGACY;
	}

	/**
	 * The hash of {@code row} linked to {@code previous}: every stored field but the two
	 * hashes, which are {@code previous} and the result. The row's own {@code prevHash}
	 * and {@code hash} are not read, so a row can be hashed before it carries them.
	 */
	public byte[] hash(byte[] previous, AuditRow row) {
		StringBuilder canonical = new StringBuilder(256);
		field(canonical, row.id().toString());
		field(canonical, row.chainId().toString());
		field(canonical, Long.toString(row.seq()));
		field(canonical, Long.toString(AuditTimestamps.micros(row.occurredAt())));
		field(canonical, row.correlationId());
		field(canonical, row.principal());
		field(canonical, row.principalType());
		field(canonical, row.operation());
		field(canonical, row.sourceIp());
		field(canonical, row.outcome());
		field(canonical, row.detail());
		field(canonical, row.payloadRef());
		byte[] content = canonical.toString().getBytes(StandardCharsets.UTF_8);
		if (this.key == null) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				digest.update(previous);
				return digest.digest(content);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		Mac mac = this.macs.get();
		mac.update(previous);
		return mac.doFinal(content);
	}

	/**
	 * Whether the row's stored hash is the hash of its content linked to its stored
	 * {@code prev_hash}.
	 */
	public boolean verifies(AuditRow row) {
		return MessageDigest.isEqual(hash(row.prevHash(), row), row.hash());
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void field(StringBuilder out, String value) {
		if (value == null) {
			out.append("-1:");
		}
		else {
			out.append(value.length()).append(':').append(value);
		}
		out.append('|');
	}

}
