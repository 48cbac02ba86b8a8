package dev.tessera.auth.admin.api;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.query.AuditEventView;
import dev.tessera.auth.audit.query.AuditPage;

/**
 * One page of {@code GET /admin/api/audit}: events oldest first and the cursor for the
 * next page ({@code null} when there is none yet).
 */
public record AuditPageResponse(List<AuditEventView> events, String nextCursor) {

	static AuditPageResponse of(AuditPage page, JsonMapper json) {
		return new AuditPageResponse(page.events().stream().map(event -> AuditEventView.of(event, json)).toList(),
				(page.next() != null) ? page.next().encode() : null);
	}

}
