package dev.tessera.auth.audit.query;

import dev.tessera.auth.audit.write.AuditWriter;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A stored audit row, for reading only: the trail is written by {@link AuditWriter}
 * (which chains and batches it) and the database refuses every change, so this mapping
 * is {@link Immutable} and has no setters. {@code detail} is the stored JSON text,
 * exactly as hashed.
 */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEventRecord {

	@Id
	private UUID id;

	@Column(name = "chain_id", nullable = false)
	private UUID chainId;

	@Column(nullable = false)
	private long seq;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(name = "correlation_id", nullable = false)
	private String correlationId;

	private String principal;

	@Column(name = "principal_type", nullable = false)
	private String principalType;

	@Column(nullable = false)
	private String operation;

	@Column(name = "source_ip")
	private String sourceIp;

	@Column(nullable = false)
	private String outcome;

	@Column(nullable = false)
	private String detail;

	@Column(name = "payload_ref")
	private String payloadRef;

	@Column(name = "prev_hash", nullable = false)
	private byte[] prevHash;

	@Column(nullable = false)
	private byte[] hash;

	protected AuditEventRecord() {
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getChainId() {
		return this.chainId;
	}

	public long getSeq() {
		return this.seq;
	}

	public Instant getOccurredAt() {
		return this.occurredAt;
	}

	public String getCorrelationId() {
		return this.correlationId;
	}

	public String getPrincipal() {
		return this.principal;
	}

	public String getPrincipalType() {
		return this.principalType;
	}

	public String getOperation() {
		return this.operation;
	}

	public String getSourceIp() {
		return this.sourceIp;
	}

	public String getOutcome() {
		return this.outcome;
	}

	public String getDetail() {
		return this.detail;
	}

	public String getPayloadRef() {
		return this.payloadRef;
	}

	public byte[] getPrevHash() {
		return this.prevHash.clone();
	}

	public byte[] getHash() {
		return this.hash.clone();
	}

}
