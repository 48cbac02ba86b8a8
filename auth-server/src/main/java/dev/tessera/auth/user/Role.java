package dev.tessera.auth.user;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.tessera.auth.scope.AdminScopes;

/**
 * What a person may be: {@code ADMIN} above {@code AUDITOR} above {@code USER}. The one
 * place that says which admin scopes a role allows in a person's token, so the token
 * rules (which cap a person's scopes) and the admin API (which lets a caller give only a
 * role whose scopes its own token holds) agree.
 */
public enum Role {

	/** Runs the server: every admin scope and the audit trail. */
	ADMIN(Set.of(AdminScopes.CLIENTS, AdminScopes.KEYS, AdminScopes.USERS, AdminScopes.READ, AdminScopes.AUDIT_READ)),

	/** Reads everything, changes nothing. */
	AUDITOR(Set.of(AdminScopes.READ, AdminScopes.AUDIT_READ)),

	/** Signs in to applications; no admin scope. */
	USER(Set.of());

	private final Set<String> allowedAdminScopes;

	Role(Set<String> allowedAdminScopes) {
		this.allowedAdminScopes = allowedAdminScopes;
	}

	/** The admin scopes a person holding this role may have in a token. */
	public Set<String> allowedAdminScopes() {
		return this.allowedAdminScopes;
	}

	/**
	 * The admin scopes a person holding these roles may have in a token: the union of
	 * each role's. Names that are no role allow nothing.
	 */
	public static Set<String> allowedAdminScopes(Collection<String> roleNames) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String name : roleNames) {
			named(name).ifPresent(role -> scopes.addAll(role.allowedAdminScopes));
		}
		return Set.copyOf(scopes);
	}

	/** The role with exactly this name ({@code ADMIN}, {@code AUDITOR}, {@code USER}). */
	public static Optional<Role> named(String name) {
		return Arrays.stream(values()).filter(role -> role.name().equals(name)).findFirst();
	}

	/**
	 * Whether a caller whose token holds these scopes may give this role, or change a
	 * person who holds it: only when the token holds every scope the role allows.
	 */
	public boolean isCoveredBy(Collection<String> callerScopes) {
		return callerScopes.containsAll(this.allowedAdminScopes);
	}

}
