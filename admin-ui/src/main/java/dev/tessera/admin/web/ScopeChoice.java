package dev.tessera.admin.web;

/**
 * A scope catalogue entry as the admin API lists it ({@code GET /admin/api/scopes}); the
 * clients, scopes and review pages all offer or show it.
 *
 * @param name the scope
 * @param description what it allows
 * @param createdAt when it was added (ISO-8601)
 */
public record ScopeChoice(String name, String description, String createdAt) {

	/** Whether choosing it draws the admin-scope warning. */
	public boolean isAdmin() {
		return isAdmin(this.name);
	}

	/**
	 * Whether a scope lets its holder read or change Tessera itself (the admin API's
	 * scopes and the audit trail).
	 */
	public static boolean isAdmin(String scope) {
		return scope != null && (scope.startsWith("admin:") || scope.equals("audit:read"));
	}

}
