package dev.tessera.auth.client.certificate;

import java.security.cert.X509Certificate;

import com.nimbusds.jose.util.X509CertUtils;

/**
 * The RFC 8705 §3.1 thumbprint of a certificate ({@code x5t#S256}): base64url of the
 * SHA-256 of its DER encoding, the value certificate-bound tokens carry in {@code cnf}
 * and audit events name a certificate by.
 */
public final class CertificateThumbprints {

	private CertificateThumbprints() {
	}

	/** The thumbprint, or null for no certificate. */
	public static String of(X509Certificate certificate) {
		if (certificate == null) {
			return null;
		}
		return X509CertUtils.computeSHA256Thumbprint(certificate).toString();
	}

}
