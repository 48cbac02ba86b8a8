package dev.tessera.auth.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A partial change to a trusted issuer in JSON merge-patch style (RFC 7396): each field
 * is an {@link Optional} with three states, {@code null} keeps the stored value, empty
 * (an explicit JSON {@code null}) removes it, a value replaces it. A removed field
 * becomes what a registration without it would have: the default audiences, the default
 * lifetime, no scopes, no subject prefix; removing a required field ({@code issuer},
 * {@code allowedClientIds}) is refused by the rules. Giving {@code jwks} removes
 * {@code jwksUri} and the other way round, so a partner moves between inline and hosted
 * keys in one call.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
public record TrustedIssuerPatch(Optional<String> issuer, Optional<String> jwks, Optional<String> jwksUri,
		Optional<Set<String>> audiences, Optional<Set<String>> allowedClientIds, Optional<Set<String>> allowedScopes,
		Optional<Integer> maxAssertionLifetimeSeconds, Optional<String> subjectPrefix) {

	/** The draft the registration would become (before defaults). */
	TrustedIssuerDraft applyTo(TrustedIssuerDraft current) {
		String jwks = setting(this.jwks, current.jwks());
		String jwksUri = setting(this.jwksUri, current.jwksUri());
		if (this.jwks != null && this.jwks.isPresent() && this.jwksUri == null) {
			jwksUri = null;
		}
		if (this.jwksUri != null && this.jwksUri.isPresent() && this.jwks == null) {
			jwks = null;
		}
		return new TrustedIssuerDraft(setting(this.issuer, current.issuer()), jwks, jwksUri,
				setting(this.audiences, current.audiences()),
				setting(this.allowedClientIds, current.allowedClientIds()),
				setting(this.allowedScopes, current.allowedScopes()),
				setting(this.maxAssertionLifetimeSeconds, current.maxAssertionLifetimeSeconds()),
				setting(this.subjectPrefix, current.subjectPrefix()));
	}

	/** The names of the fields this patch names, for the audit trail. */
	public List<String> changedFields() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("issuer", this.issuer);
		values.put("jwks", this.jwks);
		values.put("jwksUri", this.jwksUri);
		values.put("audiences", this.audiences);
		values.put("allowedClientIds", this.allowedClientIds);
		values.put("allowedScopes", this.allowedScopes);
		values.put("maxAssertionLifetimeSeconds", this.maxAssertionLifetimeSeconds);
		values.put("subjectPrefix", this.subjectPrefix);
		List<String> fields = new ArrayList<>();
		values.forEach((field, value) -> {
			if (value != null) {
				fields.add(field);
			}
		});
		return fields;
	}

	private static <T> T setting(Optional<T> change, T current) {
		return (change != null) ? change.orElse(null) : current;
	}

}
