package dev.tessera.auth.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link AuditTrail} hands its events: the writer in {@code audit.write}, behind
 * this interface so the trail that every feature uses does not depend on how events are
 * stored.
 */
public interface AuditEventSink {

	/**
	 * Queues the event with writes that commit in its transaction (often none); the
	 * future completes once its row is committed, or fails with
	 * {@link AuditUnavailableException} when it cannot be.
	 */
	CompletableFuture<AuditReceipt> submit(AuditEvent event, List<JoinedWrite<?>> writes);

}
