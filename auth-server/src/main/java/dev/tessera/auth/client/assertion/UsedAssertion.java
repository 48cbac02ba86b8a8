package dev.tessera.auth.client.assertion;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A client assertion's {@code jti}, remembered until the assertion could no longer be
 * accepted anyway, so that it authenticates once on any node. Written only through
 * {@link AssertionReplayGuard}.
 */
@Entity
@Table(name = "used_client_assertion")
@IdClass(UsedAssertion.Key.class)
public class UsedAssertion {

	@Id
	@Column(name = "client_id", nullable = false, length = 100)
	private String clientId;

	@Id
	@Column(name = "jti", nullable = false, length = 200)
	private String jti;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	protected UsedAssertion() {
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getJti() {
		return this.jti;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	/** The composite primary key: one row per client and {@code jti}. */
	public static class Key implements Serializable {

		private String clientId;

		private String jti;

		protected Key() {
		}

		public Key(String clientId, String jti) {
			this.clientId = clientId;
			this.jti = jti;
		}

		@Override
		public boolean equals(Object other) {
			return (other instanceof Key key) && Objects.equals(this.clientId, key.clientId)
					&& Objects.equals(this.jti, key.jti);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.clientId, this.jti);
		}

	}

}
