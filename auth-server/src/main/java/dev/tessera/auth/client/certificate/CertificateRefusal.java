package dev.tessera.auth.client.certificate;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A refused mutual-TLS client authentication: {@code invalid_client} with a description a
 * client's operator can act on (expired, not from a trusted CA, revoked, another
 * identity, not the registered certificate, no certificate at all), and the SHA-256
 * thumbprint of the certificate presented, for the audit trail (never the certificate).
 * Thrown from the certificate verifier that Spring's
 * {@code X509ClientCertificateAuthenticationProvider} calls, which passes it on as it is.
 */
public final class CertificateRefusal extends OAuth2AuthenticationException {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8705#section-2";

	private final String thumbprint;

	private final String reason;

	CertificateRefusal(String reason, String description, String thumbprint) {
		super(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, ERROR_URI), description);
		this.reason = reason;
		this.thumbprint = thumbprint;
	}

	/** The {@code x5t#S256} of the certificate presented; null when there was none. */
	public String thumbprint() {
		return this.thumbprint;
	}

	/**
	 * Why, as a short code for the audit detail ({@code expired}, {@code untrusted},
	 * {@code revoked}, {@code identity_mismatch}, {@code not_registered},
	 * {@code no_certificate}, ...).
	 */
	public String reason() {
		return this.reason;
	}

}
