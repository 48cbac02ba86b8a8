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

/** A person who signs in (admin console, PKCE flows); the password is a BCrypt hash. */
@Entity
@Table(name = "app_user")
public class AppUser {

	@Id
	private String username;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(nullable = false)
	private boolean enabled = true;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

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

}
