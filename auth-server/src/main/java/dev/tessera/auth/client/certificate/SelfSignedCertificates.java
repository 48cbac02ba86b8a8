package dev.tessera.auth.client.certificate;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * Whether a certificate is self-signed: its issuer is its subject and its signature
 * verifies with its own key. Which RFC 8705 method a certificate is meant for follows
 * from this, not from how many certificates the client sent: a CA-issued leaf may come
 * alone (its intermediate in the server's CA bundle), and a self-signed one may come with
 * others.
 */
final class SelfSignedCertificates {

	private SelfSignedCertificates() {
	}

	static boolean isSelfSigned(X509Certificate certificate) {
		if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
			return false;
		}
		try {
			certificate.verify(certificate.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

}
