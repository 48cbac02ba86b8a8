package dev.tessera.auth.scope;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entry of the scope catalogue: clients may only be given scopes listed here. */
@Entity
@Table(name = "scope")
public class Scope {

	@Id
	private String name;

	@Column(nullable = false)
	private String description;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Scope() {
	}

	public Scope(String name, String description, Instant createdAt) {
		this.name = name;
		this.description = description;
		this.createdAt = createdAt;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

	/** Replaces the description (the name never changes). */
	public void describe(String description) {
		this.description = description;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
