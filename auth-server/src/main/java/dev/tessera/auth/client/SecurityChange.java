package dev.tessera.auth.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which changes to a client end its outstanding tokens (by moving its
 * {@link TokensNotBefore} time to now): it is disabled, loses a scope, its secret
 * authentication methods change, or its public keys ({@code jwks}, {@code jwksUri})
 * change. Anything else (a name, a lifetime, an added scope) leaves its tokens alone.
 * Without this, a token would keep an admin scope for up to its lifetime after the
 * scope was taken away, and disabling then re-enabling a client would bring its
 * unexpired tokens back.
 */
public final class SecurityChange {

	static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post");

	private SecurityChange() {
	}

	/** What in the change is a security change, for the audit record; empty when nothing is. */
	public static List<String> between(ClientDraft before, boolean wasEnabled, ClientDraft after, boolean enabled) {
		List<String> changes = new ArrayList<>();
		if (wasEnabled && !enabled) {
			changes.add("disabled");
		}
		if (!after.scopes().containsAll(before.scopes())) {
			changes.add("scopesRemoved");
		}
		if (!secretMethods(before).equals(secretMethods(after))) {
			changes.add("secretMethods");
		}
		if (!Objects.equals(before.jwks(), after.jwks()) || !Objects.equals(before.jwksUri(), after.jwksUri())) {
			changes.add("keys");
		}
		return changes;
	}

	private static Set<String> secretMethods(ClientDraft draft) {
		Set<String> methods = new TreeSet<>(draft.authMethods());
		methods.retainAll(SECRET_METHODS);
		return methods;
	}

}
