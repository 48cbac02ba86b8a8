package dev.tessera.admin.keys;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A signing key as {@code GET /admin/api/keys} shows it: its state and dates, never key
 * material.
 *
 * @param kid the key id
 * @param alg the JWS algorithm
 * @param status NEXT, ACTIVE, RETIRING, RETIRED or REVOKED
 * @param createdAt when it was generated
 * @param activatedAt when it started signing, or null
 * @param retiresAt when it leaves (or left) the JWKS, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SigningKey(String kid, String alg, String status, Instant createdAt, Instant activatedAt,
		Instant retiresAt) {

	/** Whether resource servers find it in the JWKS (and it can still be revoked). */
	public boolean isPublished() {
		return "NEXT".equals(this.status) || "ACTIVE".equals(this.status) || "RETIRING".equals(this.status);
	}

	/** The badge class of its status. */
	public String badge() {
		return switch (this.status) {
			case "ACTIVE" -> "ok";
			case "NEXT" -> "";
			case "RETIRING" -> "warn";
			case "REVOKED" -> "danger";
			default -> "off";
		};
	}

}
