package dev.tessera.admin.clients;

/**
 * A catalogue entry as the forms offer it ({@code GET /admin/api/scopes}).
 *
 * @param name the scope
 * @param description what it allows
 * @param createdAt when it was added (ISO-8601)
 */
public record ScopeChoice(String name, String description, String createdAt) {

	/** Whether choosing it draws the admin-scope warning. */
	public boolean isAdmin() {
		return ClientWarnings.isAdminScope(this.name);
	}

}
