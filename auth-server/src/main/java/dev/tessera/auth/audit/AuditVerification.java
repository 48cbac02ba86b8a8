package dev.tessera.auth.audit;

import java.util.UUID;

/**
 * What recomputing the hash chains found (see {@link AuditVerifier} for what can and
 * cannot be found).
 *
 * @param valid every row checked is intact and in place, and every chain starts at seq 1
 * from the genesis hash or at a cut anchored by an {@code audit.retention} event
 * @param checked how many rows were checked
 * @param firstBrokenId the earliest broken row by {@code occurred_at} across all chains
 * (a changed row itself; for rows removed from the middle of a chain, the row that
 * follows the gap; for rows removed from the start of a chain without a retention
 * anchor, the chain's first remaining row), or null
 */
public record AuditVerification(boolean valid, long checked, UUID firstBrokenId) {

}
