package dev.tessera.auth.audit;

import java.util.UUID;

/**
 * What recomputing the hash chains found.
 *
 * @param valid every row checked is intact and in place
 * @param checked how many rows were checked
 * @param firstBrokenId the earliest broken row by {@code occurred_at} across all chains
 * (a changed row itself; for removed rows, the row that follows the gap), or null
 */
public record AuditVerification(boolean valid, long checked, UUID firstBrokenId) {

}
