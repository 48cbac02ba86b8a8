package dev.tessera.auth.admin.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.Role;

/**
 * A person as the admin API shows it: never the password or its hash. Roles highest
 * first; {@code lastSignInAt} is null until the first sign-in.
 */
public record UserResponse(String username, List<String> roles, boolean enabled, Instant createdAt,
		Instant lastSignInAt) {

	static UserResponse of(AppUser user) {
		List<String> roles = user.getRoles()
			.stream()
			.map(Role::named)
			.flatMap(Optional::stream)
			.sorted()
			.map(Role::name)
			.toList();
		return new UserResponse(user.getUsername(), roles, user.isEnabled(), user.getCreatedAt(),
				user.getLastSignInAt());
	}

}
