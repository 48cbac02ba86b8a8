package dev.tessera.admin.users;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A person as {@code GET /admin/api/users} shows them (never a password).
 *
 * @param username the sign-in name
 * @param roles ADMIN, AUDITOR, USER
 * @param enabled whether they may sign in
 * @param createdAt when they were created
 * @param lastSignInAt their last sign-in, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(String username, List<String> roles, boolean enabled, Instant createdAt, Instant lastSignInAt) {

	public User {
		roles = (roles != null) ? roles : List.of();
	}

}
