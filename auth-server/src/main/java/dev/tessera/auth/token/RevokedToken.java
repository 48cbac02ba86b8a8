package dev.tessera.auth.token;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A revoked access token's {@code jti}, kept until the token would have expired anyway.
 */
@Entity
@Table(name = "revoked_token")
public class RevokedToken {

	@Id
	private String jti;

	@Column(name = "client_id", nullable = false)
	private String clientId;

	@Column(name = "revoked_at", nullable = false)
	private Instant revokedAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	protected RevokedToken() {
	}

	public RevokedToken(String jti, String clientId, Instant revokedAt, Instant expiresAt) {
		this.jti = jti;
		this.clientId = clientId;
		this.revokedAt = revokedAt;
		this.expiresAt = expiresAt;
	}

	public String getJti() {
		return this.jti;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

}
