package dev.tessera.admin.audit;

import java.util.List;

/**
 * A page of events as the template shows it.
 *
 * @param events the events
 * @param nextCursor the next page's cursor, or null when this page is the last one
 */
public record AuditPageView(List<AuditEvent> events, String nextCursor) {

	static final AuditPageView EMPTY = new AuditPageView(List.of(), null);

	static AuditPageView of(AuditPage page) {
		// a full page may be followed by an empty one; a short page is surely the last
		String next = (page.events().size() < AuditController.PAGE_SIZE) ? null : page.nextCursor();
		return new AuditPageView(page.events(), next);
	}

	public boolean isEmpty() {
		return this.events.isEmpty();
	}

}
