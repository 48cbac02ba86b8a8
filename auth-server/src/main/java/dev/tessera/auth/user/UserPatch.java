package dev.tessera.auth.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A partial change to a person, as a JSON merge patch (RFC 7396): each field is an
 * {@link Optional} with three states, {@code null} keeps the stored value, empty (an
 * explicit JSON {@code null}) would remove it and is refused (no field of a person can be
 * removed), a value replaces it.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
public record UserPatch(Optional<String> password, Optional<Set<String>> roles, Optional<Boolean> enabled) {

	/** The names of the fields this patch names, for the audit trail. */
	public List<String> changedFields() {
		List<String> fields = new ArrayList<>();
		if (this.password != null) {
			fields.add("password");
		}
		if (this.roles != null) {
			fields.add("roles");
		}
		if (this.enabled != null) {
			fields.add("enabled");
		}
		return fields;
	}

	/** Never the password. */
	@Override
	public String toString() {
		return "UserPatch" + changedFields();
	}

}
