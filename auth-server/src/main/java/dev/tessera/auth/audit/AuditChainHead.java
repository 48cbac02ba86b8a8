package dev.tessera.auth.audit;

import java.util.UUID;

/**
 * Where a chain stood at a moment: its last row's seq and hash. What a checkpoint
 * records, and what the verifier compares the stored chain with.
 */
public record AuditChainHead(UUID chainId, long seq, byte[] hash) {

}
