package dev.tessera.auth.audit.partition;

import java.time.Instant;

/**
 * One partition of {@code audit_event} as the catalog describes it: its name and the
 * range of {@code occurred_at} it holds, {@code [from, to)}.
 */
public record AuditPartitionRange(String name, Instant from, Instant to) {

	/** Whether {@code at} falls in this partition's range. */
	public boolean holds(Instant at) {
		return !at.isBefore(this.from) && at.isBefore(this.to);
	}

}
