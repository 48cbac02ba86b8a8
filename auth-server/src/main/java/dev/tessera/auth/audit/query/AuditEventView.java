package dev.tessera.auth.audit.query;

import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;

/**
 * An audit event as the admin API and the exports show it: the contract's field names,
 * the timestamp with microseconds, and {@code detail} as a JSON object rather than the
 * stored text. (A stored text that is not JSON, which only tampering can produce, is
 * shown as a string instead of failing the whole answer; the chain verification reports
 * such rows.) Hashes are left out: they are for the verification and the archive.
 */
public record AuditEventView(UUID id, String timestamp, String correlationId, String principal, String principalType,
		String operation, String sourceIp, String outcome, JsonNode detail, String payloadRef, UUID chainId, long seq) {

	/**
	 * @param json reads the stored detail (the application's mapper)
	 */
	public static AuditEventView of(AuditRow event, JsonMapper json) {
		return new AuditEventView(event.id(), AuditTimestamps.iso(event.occurredAt()), event.correlationId(),
				event.principal(), event.principalType(), event.operation(), event.sourceIp(), event.outcome(),
				detail(event.detail(), json), event.payloadRef(), event.chainId(), event.seq());
	}

	private static JsonNode detail(String stored, JsonMapper json) {
		try {
			JsonNode node = json.readTree(stored);
			if (node != null && node.isObject()) {
				return node;
			}
		}
		catch (JacksonException ex) {
			// fall through: shown as text
		}
		return JsonNodeFactory.instance.stringNode(stored);
	}

}
