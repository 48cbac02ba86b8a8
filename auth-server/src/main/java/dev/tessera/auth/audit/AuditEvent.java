package dev.tessera.auth.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audited fact, as the caller describes it. Never carries a secret, a password, an
 * assertion or a token: {@code detail} holds error codes, scopes, grant types, key ids
 * and token ids ({@code jti}) only. The writer adds the chain fields.
 *
 * @param timestamp microsecond precision
 * @param principalType {@code client}, {@code user}, {@code partner}, {@code system} or
 * {@code anonymous}
 * @param payloadRef what the event is about, e.g. {@code client:orders-batch} or
 * {@code jti:...}
 */
public record AuditEvent(UUID id, Instant timestamp, String correlationId, String principal, String principalType,
		String operation, String sourceIp, AuditOutcome outcome, Map<String, Object> detail, String payloadRef) {

	public AuditEvent {
		java.util.TreeMap<String, Object> present = new java.util.TreeMap<>();
		if (detail != null) {
			detail.forEach((key, value) -> {
				if (value != null) {
					present.put(key, value);
				}
			});
		}
		detail = java.util.Collections.unmodifiableMap(present);
	}

}
