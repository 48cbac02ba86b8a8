package dev.tessera.auth.client;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One client secret: only its keyed hash, and when it stops working. */
@Entity
@Table(name = "client_secret")
public class ClientSecret {

	@Id
	private UUID id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "client_pk")
	private Client client;

	@Column(name = "secret_hash", nullable = false)
	private byte[] secretHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	protected ClientSecret() {
	}

	ClientSecret(Client client, byte[] secretHash, Instant createdAt, Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.client = client;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	public UUID getId() {
		return this.id;
	}

	public byte[] getSecretHash() {
		return this.secretHash;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public void expireAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
	}

}
