package dev.tessera.admin.audit;

import java.util.List;

/** Lets the render test build an {@link AuditPageView} the way the controller does. */
public class AuditPageViewAccess {

	public AuditPageView page(List<AuditEvent> events, String next) {
		return new AuditPageView(events, next);
	}

}
