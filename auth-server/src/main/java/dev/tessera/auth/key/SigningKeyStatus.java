package dev.tessera.auth.key;

/**
 * Where a signing key is in its life: {@code NEXT} (published, not signing) →
 * {@code ACTIVE} (signing) → {@code RETIRING} (published until its tokens expire) →
 * {@code RETIRED} (gone); {@code REVOKED} is gone at once.
 */
public enum SigningKeyStatus {

	NEXT, ACTIVE, RETIRING, RETIRED, REVOKED;

	/** Whether resource servers find this key in the JWKS. */
	public boolean isPublished() {
		return this == NEXT || this == ACTIVE || this == RETIRING;
	}

}
