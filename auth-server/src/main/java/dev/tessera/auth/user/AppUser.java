package dev.tessera.auth.user;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A person who signs in (admin console, PKCE flows). The password is a hash in Spring
 * Security's delegating format (see {@link PasswordHashing}); the roles are names of
 * {@link Role}s.
 */
@Entity
@Table(name = "app_user")
public class AppUser {

	@Id
	private String username;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(nullable = false)
	private boolean enabled = true;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/** Written only by {@link LastSignInRecorder}'s own UPDATE, never by saving this. */
	@Column(name = "last_sign_in_at", insertable = false, updatable = false)
	private Instant lastSignInAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "app_user_role", joinColumns = @JoinColumn(name = "username"))
	@Column(name = "role")
	private Set<String> roles = new LinkedHashSet<>();

	protected AppUser() {
	}

	public AppUser(String username, String passwordHash, Set<String> roles, Instant createdAt) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.roles.addAll(roles);
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	public String getUsername() {
		return this.username;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/** When the person last signed in successfully, or null if never. */
	public Instant getLastSignInAt() {
		return this.lastSignInAt;
	}

	void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	void setRoles(Set<String> roles) {
		this.roles.clear();
		this.roles.addAll(roles);
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

}
