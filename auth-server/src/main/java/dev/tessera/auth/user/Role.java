package dev.tessera.auth.user;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import dev.tessera.auth.scope.AdminScopes;

/** A person's role and the admin scopes a token acting for them may carry. */
public enum Role {

	ADMIN(AdminScopes.ALL), AUDITOR(Set.of(AdminScopes.READ, AdminScopes.AUDIT_READ)), USER(Set.of());

	private final Set<String> adminScopes;

	Role(Set<String> adminScopes) {
		this.adminScopes = adminScopes;
	}

	public Set<String> allowedAdminScopes() {
		return this.adminScopes;
	}

	public static Set<String> allowedAdminScopes(Collection<String> roleNames) {
		Set<String> scopes = new HashSet<>();
		for (Role role : values()) {
			if (roleNames.contains(role.name())) {
				scopes.addAll(role.adminScopes);
			}
		}
		return scopes;
	}

}
