package dev.tessera.auth.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which changes to a client end its outstanding tokens (by moving its
 * {@link TokensNotBefore} value forward): it is disabled; it loses a scope, an audience,
 * a grant type or an authentication method; its secret authentication methods change at
 * all; its public keys ({@code jwks}, {@code jwksUri}) change; or its certificate binding
 * (its certificate identity, {@code tlsSubjectDn} or a SAN field, or
 * {@code certificateBoundTokens}) changes; or it stops being first-party. Whatever took
 * away something a token was obtained with or is used for takes away the token too.
 * Anything else (a name, a lifetime, default scopes, redirect URIs, something added)
 * leaves its tokens alone. Without this, a token would keep an admin scope for up to its
 * lifetime after the scope was taken away, and disabling then re-enabling a client would
 * bring its unexpired tokens back.
 *
 * <p>
 * For clients acting for a person: removing a redirect URI or a post-logout redirect URI
 * is not a security change (they say where a browser may be sent, not what a token
 * carries; a code already issued is bound to its redirect URI and lives 60 seconds).
 * Making a client first-party is not one either (it widens). Making a first-party client
 * third-party is one ({@code firstPartyRevoked}): its tokens were obtained without the
 * user's consent, on the operator's trust, which has just been withdrawn. Shortening a
 * refresh-token lifetime is not one, like any lifetime: tokens keep the lifetime they
 * were issued with. Removing {@code refresh_token} or {@code authorization_code} is (a
 * grant type removed).
 */
public final class SecurityChange {

	static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post");

	private SecurityChange() {
	}

	/**
	 * What in the change is a security change, for the audit record; empty when nothing
	 * is.
	 */
	public static List<String> between(ClientDraft before, boolean wasEnabled, ClientDraft after, boolean enabled) {
		List<String> changes = new ArrayList<>();
		if (wasEnabled && !enabled) {
			changes.add("disabled");
		}
		if (!after.scopes().containsAll(before.scopes())) {
			changes.add("scopesRemoved");
		}
		if (!after.audiences().containsAll(before.audiences())) {
			changes.add("audiencesRemoved");
		}
		if (!after.grantTypes().containsAll(before.grantTypes())) {
			changes.add("grantTypesRemoved");
		}
		if (!after.authMethods().containsAll(before.authMethods())) {
			changes.add("authMethodsRemoved");
		}
		if (!secretMethods(before).equals(secretMethods(after))) {
			changes.add("secretMethods");
		}
		if (!Objects.equals(before.jwks(), after.jwks()) || !Objects.equals(before.jwksUri(), after.jwksUri())) {
			changes.add("keys");
		}
		if (!Objects.equals(before.tls(), after.tls())
				|| before.certificateBoundTokens() != after.certificateBoundTokens()) {
			changes.add("certificateBinding");
		}
		if (before.personFlow().firstParty() && !after.personFlow().firstParty()) {
			changes.add("firstPartyRevoked");
		}
		return changes;
	}

	private static Set<String> secretMethods(ClientDraft draft) {
		Set<String> methods = new TreeSet<>(draft.authMethods());
		methods.retainAll(SECRET_METHODS);
		return methods;
	}

}
