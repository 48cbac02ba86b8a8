package dev.tessera.auth.tls;

/**
 * A client certificate that client authentication must refuse, with the reason in words a
 * client's operator can act on (never the certificate itself).
 */
public final class CertificateRefusedException extends Exception {

	private final Reason reason;

	public CertificateRefusedException(Reason reason, String description) {
		super(description);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why a certificate is refused. */
	public enum Reason {

		/** Past its {@code notAfter}. */
		EXPIRED,

		/** Before its {@code notBefore}. */
		NOT_YET_VALID,

		/** No path to a configured client CA (or no client CA configured). */
		UNTRUSTED,

		/** Listed on its CA's CRL. */
		REVOKED,

		/** Not a usable certificate (malformed, or a key or algorithm not allowed). */
		INVALID

	}

}
