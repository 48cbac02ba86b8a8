package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import dev.tessera.auth.client.certificate.CertificateThumbprints;

/**
 * One certificate Tessera knows, as the inventory, the expiry check, the metric and the
 * admin API describe it: never the certificate itself, only what identifies it and when
 * it expires.
 *
 * @param thumbprint base64url SHA-256 of the DER encoding (RFC 8705 {@code x5t#S256}):
 * the certificate's identity for expiry warnings
 * @param subject the subject DN (RFC 2253)
 * @param issuer the issuer DN (RFC 2253)
 * @param serialNumber the serial number in lower-case hex
 * @param owner the client id of a client's certificate; null for the server's own and the
 * client CAs
 * @param source where it was found: the server certificate's file or bundle, the client
 * CA bundle setting, or the client's JWKS (with the key's {@code kid} when it has one)
 */
public record KnownCertificate(String thumbprint, CertificateKind kind, String subject, String issuer,
		String serialNumber, Instant notBefore, Instant notAfter, String owner, String source) {

	public KnownCertificate {
		Objects.requireNonNull(thumbprint, "thumbprint");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(notAfter, "notAfter");
	}

	/** Describes the certificate. */
	public static KnownCertificate of(X509Certificate certificate, CertificateKind kind, String owner, String source) {
		return new KnownCertificate(thumbprint(certificate), kind,
				certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
				certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
				certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
				certificate.getNotAfter().toInstant(), owner, source);
	}

	/** The certificate's {@code x5t#S256}. */
	public static String thumbprint(X509Certificate certificate) {
		return CertificateThumbprints.of(certificate);
	}

	/** Seconds from {@code now} until it expires; negative once it has. */
	public long expiresInSeconds(Instant now) {
		return Duration.between(now, this.notAfter).toSeconds();
	}

}
