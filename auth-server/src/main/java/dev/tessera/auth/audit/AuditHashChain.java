package dev.tessera.auth.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The tamper evidence of the audit trail: each row's hash is SHA-256 over the previous
 * row's hash and the row's canonical form (every field, length-prefixed so no two rows
 * can share a form). Changing, removing or reordering a row breaks every later link of
 * its chain.
 */
public final class AuditHashChain {

	/** The {@code prev_hash} of a chain's first row. */
	public static final byte[] GENESIS = new byte[32];

	private AuditHashChain() {
	}

	public static byte[] hash(byte[] previous, UUID id, UUID chainId, long seq, Instant occurredAt,
			String correlationId, String principal, String principalType, String operation, String sourceIp,
			String outcome, String detail, String payloadRef) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(previous);
			StringBuilder canonical = new StringBuilder(256);
			field(canonical, id.toString());
			field(canonical, chainId.toString());
			field(canonical, Long.toString(seq));
			field(canonical, Long.toString(micros(occurredAt)));
			field(canonical, correlationId);
			field(canonical, principal);
			field(canonical, principalType);
			field(canonical, operation);
			field(canonical, sourceIp);
			field(canonical, outcome);
			field(canonical, detail);
			field(canonical, payloadRef);
			return digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Microseconds since the epoch: PostgreSQL's timestamptz precision. */
	public static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
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
