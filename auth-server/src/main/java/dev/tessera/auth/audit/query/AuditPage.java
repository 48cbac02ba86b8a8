package dev.tessera.auth.audit.query;

import java.util.List;

import dev.tessera.auth.audit.AuditRow;

/**
 * One page of the trail, oldest first.
 *
 * @param next where the following page starts, or null when this page is the last one (as
 * of now: events keep being appended)
 */
public record AuditPage(List<AuditRow> events, AuditCursor next) {

	public AuditPage {
		events = List.copyOf(events);
	}

}
