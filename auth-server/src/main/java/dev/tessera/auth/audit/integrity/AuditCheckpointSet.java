package dev.tessera.auth.audit.integrity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tessera.auth.audit.AuditChainHead;

/**
 * The checkpoints a verification runs against: the newest genuine one of each chain, and
 * what was rejected (a MAC that does not verify, a line that is not a checkpoint).
 */
public record AuditCheckpointSet(Map<UUID, AuditChainHead> newest, List<AuditVerification.Problem> rejected) {

	public static final AuditCheckpointSet NONE = new AuditCheckpointSet(Map.of(), List.of());

	/** Both sets' rejections, and of each chain the newest checkpoint of either. */
	public static AuditCheckpointSet merge(AuditCheckpointSet one, AuditCheckpointSet other) {
		Map<UUID, AuditChainHead> newest = new HashMap<>(one.newest());
		other.newest().forEach((chain, head) -> newest.merge(chain, head, (a, b) -> (b.seq() > a.seq()) ? b : a));
		List<AuditVerification.Problem> rejected = new ArrayList<>(one.rejected());
		rejected.addAll(other.rejected());
		return new AuditCheckpointSet(Map.copyOf(newest), List.copyOf(rejected));
	}

}
