package dev.tessera.auth.audit.integrity;

import java.util.List;
import java.util.UUID;

/**
 * What recomputing the hash chains found (see {@link AuditVerifier} for what can and
 * cannot be found).
 *
 * @param valid every row checked is intact and in place, every chain starts at seq 1 from
 * the genesis hash or at a cut anchored by an {@code audit.retention} event, every chain
 * reaches its checkpoints, and every checkpoint given was genuine
 * @param checked how many rows were checked
 * @param firstBrokenId the earliest broken row by {@code occurred_at} across all chains
 * (a changed row itself; for rows removed from the middle of a chain, the row that
 * follows the gap; for rows removed from the start of a chain without a retention anchor,
 * the chain's first remaining row), or null
 * @param problems what is wrong, per chain (empty when valid)
 * @param checkpointsUsed how many chains were checked against a checkpoint
 */
public record AuditVerification(boolean valid, long checked, UUID firstBrokenId, List<Problem> problems,
		int checkpointsUsed) {

	public AuditVerification(boolean valid, long checked, UUID firstBrokenId) {
		this(valid, checked, firstBrokenId, List.of(), 0);
	}

	/**
	 * One finding.
	 *
	 * @param kind {@code chain_broken}, {@code rows_missing_after_checkpoint},
	 * {@code checkpoint_mismatch}, {@code chain_missing},
	 * {@code legacy_row_after_boundary}, {@code legacy_boundary_mismatch},
	 * {@code rows_missing_before_boundary}, {@code checkpoint_rejected} or
	 * {@code checkpoints_unreadable}
	 * @param chainId the chain concerned, if known
	 * @param seq the sequence number concerned, if any
	 * @param rowId the row concerned, if any
	 * @param message what was found, for people
	 */
	public record Problem(String kind, UUID chainId, Long seq, UUID rowId, String message) {

	}

}
