package dev.tessera.auth.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored audit row, every column of {@code audit_event}: what the writer inserts,
 * what the hash chain covers, what the verifier recomputes, what the query shows and what
 * retention archives. One type for all of them, so a column added to the trail is added
 * in one place rather than in every positional parameter list. Read and bound by
 * {@link AuditEventTable}.
 * <p>
 * The values are the stored ones, not a caller's: {@code outcome} and {@code detail} are
 * the stored text (a tampered row may hold anything there, and the verifier must hash
 * exactly that), {@code occurredAt} has PostgreSQL's microsecond precision. The hashes
 * are copied in and out, so a row cannot be changed after it is made.
 *
 * @param principalType {@code client}, {@code user}, {@code partner}, {@code system} or
 * {@code anonymous}
 * @param outcome an {@link AuditOutcome#value()} as stored
 * @param detail the stored JSON text, exactly as hashed
 * @param prevHash the hash of the chain's previous row, or {@code GENESIS} for seq 1
 * @param hash this row's hash; null only while the writer is still computing it
 */
public record AuditRow(UUID id, UUID chainId, long seq, Instant occurredAt, String correlationId, String principal,
		String principalType, String operation, String sourceIp, String outcome, String detail, String payloadRef,
		byte[] prevHash, byte[] hash) {

	public AuditRow {
		prevHash = (prevHash != null) ? prevHash.clone() : null;
		hash = (hash != null) ? hash.clone() : null;
	}

	/** This row with its hash, once computed over it. */
	public AuditRow withHash(byte[] hash) {
		return new AuditRow(this.id, this.chainId, this.seq, this.occurredAt, this.correlationId, this.principal,
				this.principalType, this.operation, this.sourceIp, this.outcome, this.detail, this.payloadRef,
				this.prevHash, hash);
	}

	@Override
	public byte[] prevHash() {
		return (this.prevHash != null) ? this.prevHash.clone() : null;
	}

	@Override
	public byte[] hash() {
		return (this.hash != null) ? this.hash.clone() : null;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other)
				|| (other instanceof AuditRow row && this.seq == row.seq && Objects.equals(this.id, row.id)
						&& Objects.equals(this.chainId, row.chainId) && Objects.equals(this.occurredAt, row.occurredAt)
						&& Objects.equals(this.correlationId, row.correlationId)
						&& Objects.equals(this.principal, row.principal)
						&& Objects.equals(this.principalType, row.principalType)
						&& Objects.equals(this.operation, row.operation) && Objects.equals(this.sourceIp, row.sourceIp)
						&& Objects.equals(this.outcome, row.outcome) && Objects.equals(this.detail, row.detail)
						&& Objects.equals(this.payloadRef, row.payloadRef) && Arrays.equals(this.prevHash, row.prevHash)
						&& Arrays.equals(this.hash, row.hash));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.id, this.chainId, this.seq, Arrays.hashCode(this.hash));
	}

	@Override
	public String toString() {
		return "AuditRow[id=" + this.id + ", chainId=" + this.chainId + ", seq=" + this.seq + ", occurredAt="
				+ this.occurredAt + ", operation=" + this.operation + ", outcome=" + this.outcome + "]";
	}

}
