package dev.tessera.auth.admin.api;

import java.time.Instant;
import java.util.List;

import dev.tessera.auth.certificate.CertificateListing;
import dev.tessera.auth.certificate.KnownCertificate;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/api/certificates?withinDays=30} (scope {@code admin:read}): every
 * certificate Tessera knows (its TLS chain, the client CAs, the clients' registered
 * certificates), the soonest to expire first, or only those that expire within
 * {@code withinDays} (1 to 3650; the expired ones included); anything else is a 400
 * problem naming it.
 */
@RestController
public class CertificatesController {

	private final CertificateListing listing;

	public CertificatesController(CertificateListing listing) {
		this.listing = listing;
	}

	@GetMapping(path = "/admin/api/certificates", produces = "application/json")
	public Certificates list(@RequestParam(required = false) String withinDays) {
		CertificateListing.Listed listed = this.listing.list(withinDays);
		return new Certificates(
				listed.certificates().stream().map((certificate) -> Certificate.of(certificate, listed.at())).toList());
	}

	/** The answer: the certificates, the soonest to expire first. */
	public record Certificates(List<Certificate> certificates) {
	}

	/**
	 * One certificate: what identifies it and when it expires, never the certificate.
	 *
	 * @param thumbprint its {@code x5t#S256}
	 * @param kind {@code server}, {@code client-ca} or {@code client}
	 * @param serialNumber lower-case hex
	 * @param expiresInSeconds from the answer's instant; negative once expired
	 * @param owner the client id of a client's certificate, else null
	 * @param source the file, bundle or JWKS it was found in
	 */
	public record Certificate(String thumbprint, String kind, String subject, String issuer, String serialNumber,
			Instant notBefore, Instant notAfter, long expiresInSeconds, String owner, String source) {

		static Certificate of(KnownCertificate certificate, Instant now) {
			return new Certificate(certificate.thumbprint(), certificate.kind().value(), certificate.subject(),
					certificate.issuer(), certificate.serialNumber(), certificate.notBefore(), certificate.notAfter(),
					certificate.expiresInSeconds(now), certificate.owner(), certificate.source());
		}

	}

}
