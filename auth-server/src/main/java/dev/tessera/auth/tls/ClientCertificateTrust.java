package dev.tessera.auth.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.security.auth.x500.X500Principal;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Whether a client certificate chains to a CA Tessera trusts for {@code tls_client_auth}
 * (RFC 8705 §2.1): the PEM bundle {@code TESSERA_TLS_CLIENT_CAS} (every certificate in it
 * is a trust anchor, so a client may send its leaf alone when its intermediate is in the
 * bundle), validity at the given instant for every certificate of the path, and the CRL
 * of the certificate's issuer when one is configured ({@code TESSERA_TLS_CRLS}, each CRL
 * checked against its CA's key). Certificates are checked here, per request, rather than
 * during the TLS handshake ({@link HandshakeTrustManager}), so a refusal is an
 * {@code invalid_client} answer that says why.
 */
public final class ClientCertificateTrust {

	private final Supplier<Material> loader;

	private volatile Material material;

	private ClientCertificateTrust(Supplier<Material> loader) {
		this.loader = loader;
		this.material = loader.get();
	}

	/**
	 * @param clientCas the PEM bundle of client CAs, or null (then every
	 * {@code tls_client_auth} certificate is untrusted)
	 * @param crls CRL files (PEM or DER), one per CA at most
	 * @throws IllegalStateException naming a file that cannot be read
	 */
	public static ClientCertificateTrust fromFiles(Path clientCas, List<Path> crls) {
		return new ClientCertificateTrust(() -> Material.read(clientCas, crls));
	}

	/** Trusts the given CAs, with the given CRLs (tests, SSL bundles). */
	public static ClientCertificateTrust of(List<X509Certificate> authorities, List<X509CRL> crls) {
		return new ClientCertificateTrust(() -> Material.of(authorities, crls));
	}

	/** The CAs trusted now. */
	public List<X509Certificate> authorities() {
		return this.material.authorities();
	}

	/**
	 * @param chain the client's chain, leaf first (as sent)
	 * @param at the instant the certificates must be valid at
	 * @throws CertificateRefusedException saying why the certificate is not accepted
	 */
	public void verify(List<X509Certificate> chain, Instant at) throws CertificateRefusedException {
		if (chain.isEmpty()) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.INVALID,
					"no client certificate was presented");
		}
		X509Certificate leaf = chain.get(0);
		checkValidity(leaf, at);
		Material current = this.material;
		if (current.anchors().isEmpty()) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.UNTRUSTED,
					"no client CA is configured (TESSERA_TLS_CLIENT_CAS)");
		}
		X509Certificate issuer = validatePath(chain, at, current);
		X509CRL crl = current.crlOf(issuer);
		if (crl != null && crl.isRevoked(leaf)) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.REVOKED,
					"the client certificate (serial " + leaf.getSerialNumber().toString(16)
							+ ") is revoked by its CA's CRL");
		}
	}

	/**
	 * Validates the path to a trust anchor and returns the certificate that issued the
	 * leaf (the next certificate in the chain, or the anchor).
	 */
	private static X509Certificate validatePath(List<X509Certificate> chain, Instant at, Material current)
			throws CertificateRefusedException {
		List<X509Certificate> path = new ArrayList<>(chain);
		// a client may send the root too: the path ends below the anchor
		while (path.size() > 1 && current.isAnchor(path.get(path.size() - 1))) {
			path.remove(path.size() - 1);
		}
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(current.anchors());
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(at));
			var result = (java.security.cert.PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
				.validate(certPath, parameters);
			for (X509Certificate certificate : path) {
				checkValidity(certificate, at);
			}
			return (path.size() > 1) ? path.get(1) : result.getTrustAnchor().getTrustedCert();
		}
		catch (CertPathValidatorException ex) {
			if (ex.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
				throw new CertificateRefusedException(CertificateRefusedException.Reason.EXPIRED,
						"a certificate of the client's chain has expired");
			}
			if (ex.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
				throw new CertificateRefusedException(CertificateRefusedException.Reason.NOT_YET_VALID,
						"a certificate of the client's chain is not valid yet");
			}
			throw new CertificateRefusedException(CertificateRefusedException.Reason.UNTRUSTED,
					"the client certificate does not chain to a trusted client CA");
		}
		catch (InvalidAlgorithmParameterException ex) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.UNTRUSTED,
					"the client certificate does not chain to a trusted client CA");
		}
		catch (GeneralSecurityException ex) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.INVALID,
					"the client certificate chain cannot be read");
		}
	}

	/** Refuses a certificate outside its validity at {@code at}, saying when. */
	public static void checkValidity(X509Certificate certificate, Instant at) throws CertificateRefusedException {
		try {
			certificate.checkValidity(Date.from(at));
		}
		catch (CertificateExpiredException ex) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.EXPIRED,
					"the client certificate expired at " + certificate.getNotAfter().toInstant());
		}
		catch (CertificateNotYetValidException ex) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.NOT_YET_VALID,
					"the client certificate is not valid before " + certificate.getNotBefore().toInstant());
		}
	}

	/**
	 * Reads the files again and uses them when they changed.
	 * @return whether anything changed
	 * @throws IllegalStateException when a file cannot be read (the old content stays)
	 */
	public boolean reload() {
		Material fresh = this.loader.get();
		if (fresh.equals(this.material)) {
			return false;
		}
		this.material = fresh;
		return true;
	}

	private record Material(List<X509Certificate> authorities, Set<TrustAnchor> anchors, List<X509CRL> crls) {

		static Material read(Path clientCas, List<Path> crlFiles) {
			List<X509Certificate> authorities = new ArrayList<>();
			if (clientCas != null) {
				try {
					List<X509Certificate> certificates = PemContent.load(clientCas).getCertificates();
					if (certificates != null) {
						authorities.addAll(certificates);
					}
				}
				catch (IOException | RuntimeException ex) {
					throw new IllegalStateException(
							"TESSERA_TLS_CLIENT_CAS " + clientCas + " cannot be read: " + ex.getMessage(), ex);
				}
			}
			List<X509CRL> crls = new ArrayList<>();
			for (Path file : crlFiles) {
				crls.addAll(readCrls(file));
			}
			return of(authorities, crls);
		}

		static Material of(List<X509Certificate> authorities, List<X509CRL> crls) {
			Set<TrustAnchor> anchors = new LinkedHashSet<>();
			authorities.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
			List<X509CRL> verified = new ArrayList<>();
			for (X509CRL crl : crls) {
				X509Certificate ca = authorities.stream()
					.filter(authority -> authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("TESSERA_TLS_CRLS: the CRL of "
							+ crl.getIssuerX500Principal() + " belongs to no CA of TESSERA_TLS_CLIENT_CAS"));
				try {
					crl.verify(ca.getPublicKey());
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("TESSERA_TLS_CRLS: the CRL of " + crl.getIssuerX500Principal()
							+ " is not signed by that CA's key", ex);
				}
				verified.add(crl);
			}
			return new Material(List.copyOf(authorities), Set.copyOf(anchors), List.copyOf(verified));
		}

		private static Collection<X509CRL> readCrls(Path file) {
			try (InputStream in = Files.newInputStream(file)) {
				List<X509CRL> crls = new ArrayList<>();
				for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
					crls.add((X509CRL) crl);
				}
				return crls;
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException("TESSERA_TLS_CRLS " + file + " cannot be read: " + ex.getMessage(), ex);
			}
		}

		boolean isAnchor(X509Certificate certificate) {
			return this.authorities.contains(certificate);
		}

		X509CRL crlOf(X509Certificate issuer) {
			X500Principal name = issuer.getSubjectX500Principal();
			return this.crls.stream().filter(crl -> crl.getIssuerX500Principal().equals(name)).findFirst().orElse(null);
		}

	}

}
