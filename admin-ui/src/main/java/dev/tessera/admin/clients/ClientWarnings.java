package dev.tessera.admin.clients;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.tessera.admin.web.ScopeChoice;

/**
 * The least-privilege nudges of the client form: what an operator should confirm before
 * creating a client with long-lived tokens, many scopes, or admin scopes. The same rule
 * drives the static hints next to the fields and the confirmation step, so a form without
 * JavaScript still warns before the client exists.
 */
public final class ClientWarnings {

	/** Access tokens living longer than this (15 minutes) get a warning. */
	public static final int LONG_TTL_SECONDS = 900;

	/** Clients holding more scopes than this get a warning. */
	public static final int MANY_SCOPES = 5;

	private ClientWarnings() {
	}

	/**
	 * Whether the scope gives power over Tessera itself ({@code admin:*},
	 * {@code audit:read}).
	 */
	public static boolean isAdminScope(String scope) {
		return ScopeChoice.isAdmin(scope);
	}

	/**
	 * The warnings for a client that would hold the scopes and issue tokens living
	 * {@code ttlSeconds} ({@code null}: the server's default), in a fixed order.
	 */
	public static List<String> of(Collection<String> scopes, Integer ttlSeconds) {
		List<String> warnings = new ArrayList<>();
		if (ttlSeconds != null && ttlSeconds > LONG_TTL_SECONDS) {
			warnings.add("Access tokens would live " + ttlSeconds + " seconds, longer than " + LONG_TTL_SECONDS
					+ " (15 minutes): a leaked token stays useful for that long.");
		}
		if (scopes.size() > MANY_SCOPES) {
			warnings.add("The client would hold " + scopes.size() + " scopes, more than " + MANY_SCOPES
					+ ": give it only the scopes it needs.");
		}
		List<String> admin = scopes.stream().filter(ClientWarnings::isAdminScope).sorted().toList();
		if (!admin.isEmpty()) {
			warnings.add("The client would hold admin scopes (" + String.join(", ", admin)
					+ "): it could change or read Tessera itself.");
		}
		return List.copyOf(warnings);
	}

}
