package dev.tessera.auth.admin.api;

import java.util.Set;

import dev.tessera.auth.user.UserDraft;

/**
 * {@code POST /admin/api/users}: a person to create. {@code enabled} defaults to true.
 */
public record UserRequest(String username, String password, Set<String> roles, Boolean enabled) {

	UserDraft toDraft() {
		return new UserDraft(this.username, this.password, this.roles, this.enabled);
	}

	/** Never the password. */
	@Override
	public String toString() {
		return "UserRequest[username=" + this.username + ", roles=" + this.roles + ", enabled=" + this.enabled + "]";
	}

}
