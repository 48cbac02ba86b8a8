package dev.tessera.auth.admin.api;

import java.util.Optional;
import java.util.Set;

import dev.tessera.auth.user.UserPatch;

/**
 * {@code PATCH /admin/api/users/{username}}: the fields to change, as a JSON merge patch
 * (RFC 7396): absent fields stay; no field can be removed, so an explicit {@code null} is
 * refused. A bean with setters rather than a record: Jackson calls a setter only for a
 * field that is present, so an absent field stays a {@code null} {@link Optional} and an
 * explicit {@code null} arrives as an empty one.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
public class UserPatchRequest {

	private Optional<String> password;

	private Optional<Set<String>> roles;

	private Optional<Boolean> enabled;

	UserPatch toPatch() {
		return new UserPatch(this.password, this.roles, this.enabled);
	}

	public Optional<String> getPassword() {
		return this.password;
	}

	public void setPassword(Optional<String> password) {
		this.password = password;
	}

	public Optional<Set<String>> getRoles() {
		return this.roles;
	}

	public void setRoles(Optional<Set<String>> roles) {
		this.roles = roles;
	}

	public Optional<Boolean> getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Optional<Boolean> enabled) {
		this.enabled = enabled;
	}

	/** Never the password. */
	@Override
	public String toString() {
		return "UserPatchRequest" + toPatch().changedFields();
	}

}
