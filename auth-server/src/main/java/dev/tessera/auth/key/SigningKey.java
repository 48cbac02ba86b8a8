package dev.tessera.auth.key;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A token signing key as stored: public JWK in clear, private JWK as AES-GCM ciphertext.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey {

	@Id
	private String kid;

	@Column(nullable = false)
	private String alg;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private SigningKeyStatus status;

	@Column(name = "public_jwk", nullable = false)
	private String publicJwk;

	@Column(name = "private_key_cipher", nullable = false)
	private byte[] privateKeyCipher;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "activated_at")
	private Instant activatedAt;

	@Column(name = "retires_at")
	private Instant retiresAt;

	protected SigningKey() {
	}

	public SigningKey(String kid, String alg, SigningKeyStatus status, String publicJwk, byte[] privateKeyCipher,
			Instant createdAt) {
		this.kid = kid;
		this.alg = alg;
		this.status = status;
		this.publicJwk = publicJwk;
		this.privateKeyCipher = privateKeyCipher;
		this.createdAt = createdAt;
	}

	public String getKid() {
		return this.kid;
	}

	public String getAlg() {
		return this.alg;
	}

	public SigningKeyStatus getStatus() {
		return this.status;
	}

	public String getPublicJwk() {
		return this.publicJwk;
	}

	public byte[] getPrivateKeyCipher() {
		return this.privateKeyCipher;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getActivatedAt() {
		return this.activatedAt;
	}

	public Instant getRetiresAt() {
		return this.retiresAt;
	}

	public void activate(Instant now) {
		this.status = SigningKeyStatus.ACTIVE;
		this.activatedAt = now;
	}

	public void startRetiring(Instant retiresAt) {
		this.status = SigningKeyStatus.RETIRING;
		this.retiresAt = retiresAt;
	}

	/** Out of the JWKS for good; the private part is destroyed. */
	public void retire(Instant now) {
		this.status = SigningKeyStatus.RETIRED;
		this.retiresAt = now;
		this.privateKeyCipher = new byte[0];
	}

	/**
	 * Out of the JWKS at once, its tokens no longer valid; the private part is destroyed.
	 */
	public void revoke(Instant now) {
		this.status = SigningKeyStatus.REVOKED;
		this.retiresAt = now;
		this.privateKeyCipher = new byte[0];
	}

	void reencrypt(byte[] privateKeyCipher) {
		this.privateKeyCipher = privateKeyCipher;
	}

}
