package dev.tessera.admin.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of {@code GET /admin/api/audit}.
 *
 * @param events the events, oldest first
 * @param nextCursor the cursor of the next page, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditPage(List<AuditEvent> events, String nextCursor) {

	public AuditPage {
		events = (events != null) ? events : List.of();
	}

}
