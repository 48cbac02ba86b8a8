package dev.tessera.admin.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user form as the browser sends it, and the admin API bodies made from it. The
 * password is never sent back to the browser: a refused form is shown again without it.
 *
 * @param username the sign-in name (only when creating)
 * @param password a new password, or blank to keep the current one (when changing)
 * @param roles the chosen roles
 * @param enabled whether the person may sign in
 */
public record UserForm(String username, String password, List<String> roles, boolean enabled) {

	/** The roles a person can hold, highest first. */
	public static final List<String> ROLES = List.of("ADMIN", "AUDITOR", "USER");

	public UserForm {
		username = (username != null) ? username.strip() : "";
		password = (password != null) ? password : "";
		roles = (roles != null) ? List.copyOf(roles) : List.of();
	}

	/** An empty form for a new person (enabled, no role chosen). */
	public static UserForm blank() {
		return new UserForm("", "", List.of(), true);
	}

	/** The form of an existing person. */
	public static UserForm of(User user) {
		return new UserForm(user.username(), "", user.roles(), user.enabled());
	}

	/** {@code POST /admin/api/users}. */
	public Map<String, Object> createBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", this.username);
		body.put("password", this.password);
		body.put("roles", this.roles);
		body.put("enabled", this.enabled);
		return body;
	}

	/**
	 * {@code PATCH /admin/api/users/{username}}: the password only when a new one is
	 * given.
	 */
	public Map<String, Object> patchBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		if (!this.password.isEmpty()) {
			body.put("password", this.password);
		}
		body.put("roles", this.roles);
		body.put("enabled", this.enabled);
		return body;
	}

	/** The same form without the password, to show again. */
	public UserForm withoutPassword() {
		return new UserForm(this.username, "", this.roles, this.enabled);
	}

	public boolean has(String role) {
		return this.roles.contains(role);
	}

}
