package dev.tessera.auth.scope;

import java.util.Set;

/**
 * The reserved scopes of the admin plane. They are in the catalogue from the first
 * migration and can only be given to a client by the bootstrap or by a caller that itself
 * holds them.
 */
public final class AdminScopes {

	public static final String CLIENTS = "admin:clients";

	public static final String KEYS = "admin:keys";

	public static final String USERS = "admin:users";

	public static final String READ = "admin:read";

	public static final String AUDIT_READ = "audit:read";

	public static final Set<String> ALL = Set.of(CLIENTS, KEYS, USERS, READ, AUDIT_READ);

	private AdminScopes() {
	}

}
