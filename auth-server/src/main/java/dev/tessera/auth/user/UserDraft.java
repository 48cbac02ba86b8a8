package dev.tessera.auth.user;

import java.util.Set;

/**
 * A person to create, as the admin asked for it: every field may be missing or wrong
 * until {@link UserRules} has checked it. {@code enabled} defaults to true.
 */
public record UserDraft(String username, String password, Set<String> roles, Boolean enabled) {

	/** Never the password. */
	@Override
	public String toString() {
		return "UserDraft[username=" + this.username + ", roles=" + this.roles + ", enabled=" + this.enabled + "]";
	}

}
