package dev.tessera.auth.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
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
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.security.auth.x500.X500Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * Whether a client certificate chains to a CA Tessera trusts for {@code tls_client_auth}
 * (RFC 8705 §2.1): the PEM bundle {@code TESSERA_TLS_CLIENT_CAS} (every certificate in it
 * is a trust anchor, so a client may send its leaf alone when its intermediate is in the
 * bundle), validity at the given instant for every certificate of the path, and the CRL
 * of each certificate's issuer when one is configured ({@code TESSERA_TLS_CRLS}, each CRL
 * checked against its CA's key). Certificates are checked here, per request, rather than
 * during the TLS handshake ({@link HandshakeTrustManager}), so a refusal is an
 * {@code invalid_client} answer that says why. A CRL past its {@code nextUpdate} is still
 * applied, with one warning. {@link #reload()} (called by {@link TlsFileWatcher}) reads
 * the files again and tells the {@link #onChange(Runnable) listeners} when they changed.
 */
public final class ClientCertificateTrust {

	private static final Logger log = LoggerFactory.getLogger(ClientCertificateTrust.class);

	/** id-kp-clientAuth (RFC 5280 §4.2.1.12). */
	private static final String CLIENT_AUTHENTICATION = "1.3.6.1.5.5.7.3.2";

	/** anyExtendedKeyUsage. */
	private static final String ANY_USAGE = "2.5.29.37.0";

	private final String source;

	private final Supplier<Material> loader;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	/** The CRLs already warned about as stale: each one once. */
	private final Set<X509CRL> staleWarned = ConcurrentHashMap.newKeySet();

	private volatile Material material;

	private ClientCertificateTrust(String source, Supplier<Material> loader) {
		this.source = source;
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
		String source = (clientCas != null) ? "TESSERA_TLS_CLIENT_CAS " + clientCas : "no client CA";
		return new ClientCertificateTrust(source, () -> Material.read(clientCas, crls));
	}

	/**
	 * Trusts the certificates of an SSL bundle's trust store (used when
	 * {@code TESSERA_TLS_BUNDLE} is set and {@code TESSERA_TLS_CLIENT_CAS} is not), with
	 * the CRL files.
	 * @param name the bundle's name
	 * @param bundle reads the bundle's current content (Spring Boot replaces it when its
	 * {@code reload-on-update} is set)
	 * @param crls CRL files (PEM or DER), one per CA at most
	 */
	public static ClientCertificateTrust fromBundle(String name, Supplier<SslBundle> bundle, List<Path> crls) {
		return new ClientCertificateTrust("the trust store of SSL bundle " + name,
				() -> Material.of(trustStoreCertificates(name, bundle.get()), Material.readCrls(crls)));
	}

	/** Trusts the given CAs, with the given CRLs (tests). */
	public static ClientCertificateTrust of(List<X509Certificate> authorities, List<X509CRL> crls) {
		return new ClientCertificateTrust("given CAs",
				() -> Material.of(authorities, crls.stream().map(crl -> new SourcedCrl(crl, "a given CRL")).toList()));
	}

	private static List<X509Certificate> trustStoreCertificates(String name, SslBundle bundle) {
		KeyStore store = bundle.getStores().getTrustStore();
		if (store == null) {
			return List.of();
		}
		try {
			List<X509Certificate> certificates = new ArrayList<>();
			for (String alias : Collections.list(store.aliases())) {
				if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate ca) {
					certificates.add(ca);
				}
			}
			return certificates;
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException(
					"The trust store of SSL bundle " + name + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	/** The CAs trusted now. */
	public List<X509Certificate> authorities() {
		return this.material.authorities();
	}

	/** The CRLs applied now. */
	public List<X509CRL> crls() {
		return this.material.crls().stream().map(SourcedCrl::crl).toList();
	}

	/** Where the client CAs come from, for log lines and the inventory. */
	public String source() {
		return this.source;
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
		checkClientUse(leaf);
		if (leaf.getBasicConstraints() != -1) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.INVALID,
					"the certificate presented is a CA certificate, not a client's");
		}
		Material current = this.material;
		if (current.anchors().isEmpty()) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.UNTRUSTED,
					"no client CA is configured (TESSERA_TLS_CLIENT_CAS)");
		}
		List<X509Certificate> path = validatePath(chain, at, current);
		for (int i = 0; i < path.size() - 1; i++) {
			X509Certificate certificate = path.get(i);
			SourcedCrl crl = current.crlOf(path.get(i + 1));
			if (crl == null) {
				continue;
			}
			warnIfStale(crl, at);
			if (crl.crl().isRevoked(certificate)) {
				throw new CertificateRefusedException(CertificateRefusedException.Reason.REVOKED,
						(i == 0) ? "the client certificate (serial " + certificate.getSerialNumber().toString(16)
								+ ") is revoked by its CA's CRL"
								: "the CA certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
										+ certificate.getSerialNumber().toString(16)
										+ ") of the client's chain is revoked by its issuer's CRL");
			}
		}
	}

	/**
	 * Validates the path to a trust anchor and returns it, leaf first and the anchor
	 * last, so each certificate's CRL is its successor's.
	 */
	private static List<X509Certificate> validatePath(List<X509Certificate> chain, Instant at, Material current)
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
			path.add(result.getTrustAnchor().getTrustedCert());
			return path;
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
	 * Refuses a certificate whose extended key usage, when it has one, does not include
	 * TLS client authentication (a server's certificate presented as a client's). The
	 * handshake does not check it ({@link HandshakeTrustManager}), so it is checked here.
	 */
	public static void checkClientUse(X509Certificate certificate) throws CertificateRefusedException {
		List<String> usages;
		try {
			usages = certificate.getExtendedKeyUsage();
		}
		catch (java.security.cert.CertificateParsingException ex) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.INVALID,
					"the client certificate's extended key usage cannot be read");
		}
		if (usages != null && !usages.contains(CLIENT_AUTHENTICATION) && !usages.contains(ANY_USAGE)) {
			throw new CertificateRefusedException(CertificateRefusedException.Reason.INVALID,
					"the client certificate's extended key usage does not allow TLS client authentication "
							+ "(id-kp-clientAuth)");
		}
	}

	/**
	 * Warns (once per CRL) about every CRL applied now whose {@code nextUpdate} is before
	 * {@code at}. Such a CRL is still applied: it lists fewer revocations than a fresh
	 * one might, but ignoring it would accept every certificate it does list.
	 */
	public void warnAboutStaleCrls(Instant at) {
		this.material.crls().forEach(crl -> warnIfStale(crl, at));
	}

	private void warnIfStale(SourcedCrl sourced, Instant at) {
		Date nextUpdate = sourced.crl().getNextUpdate();
		if (nextUpdate != null && nextUpdate.toInstant().isBefore(at) && this.staleWarned.add(sourced.crl())) {
			log.warn(
					"The CRL of {} in {} was due to be replaced at {} (its nextUpdate); it is still applied, "
							+ "but revocations published since are not known: install a fresh CRL",
					sourced.crl().getIssuerX500Principal().getName(), sourced.source(), nextUpdate.toInstant());
		}
	}

	/**
	 * Reads the files (or bundle) again and, when the CAs or CRLs changed, uses them and
	 * tells every listener.
	 * @return whether anything changed
	 * @throws IllegalStateException naming the file when it cannot be read, or a CRL that
	 * no configured CA signed (the old content stays in use)
	 */
	public synchronized boolean reload() {
		Material fresh = this.loader.get();
		if (fresh.sameAs(this.material)) {
			return false;
		}
		this.material = fresh;
		this.staleWarned.retainAll(crls());
		for (Runnable listener : this.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				log.error("A listener of the client CAs ({}) failed after their reload", this.source, ex);
			}
		}
		return true;
	}

	/** Runs {@code listener} after each change of the CAs or CRLs. */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	/** A CRL and the file (or bundle) it was read from, for messages. */
	private record SourcedCrl(X509CRL crl, String source) {
	}

	private record Material(List<X509Certificate> authorities, Set<TrustAnchor> anchors, List<SourcedCrl> crls) {

		/**
		 * Same CAs and CRLs ({@code TrustAnchor} has no value equality, certificates and
		 * CRLs compare by encoding).
		 */
		boolean sameAs(Material other) {
			return this.authorities.equals(other.authorities) && this.crls.stream()
				.map(SourcedCrl::crl)
				.toList()
				.equals(other.crls.stream().map(SourcedCrl::crl).toList());
		}

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
			return of(authorities, readCrls(crlFiles));
		}

		static Material of(List<X509Certificate> authorities, List<SourcedCrl> crls) {
			Set<TrustAnchor> anchors = new LinkedHashSet<>();
			authorities.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
			List<SourcedCrl> verified = new ArrayList<>();
			for (SourcedCrl sourced : crls) {
				X509CRL crl = sourced.crl();
				X509Certificate ca = authorities.stream()
					.filter(authority -> authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
					.findFirst()
					.orElse(null);
				if (ca == null) {
					// a CA removed from the bundle while its CRL is still listed: the CA
					// is
					// no longer trusted at all, so its CRL has nothing left to do
					log.warn("TESSERA_TLS_CRLS {}: the CRL of {} belongs to no trusted client CA and is not used",
							sourced.source(), crl.getIssuerX500Principal());
					continue;
				}
				try {
					crl.verify(ca.getPublicKey());
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("TESSERA_TLS_CRLS " + sourced.source() + ": the CRL of "
							+ crl.getIssuerX500Principal() + " is not signed by that CA's key", ex);
				}
				verified.add(sourced);
			}
			return new Material(List.copyOf(authorities), Set.copyOf(anchors), List.copyOf(verified));
		}

		static List<SourcedCrl> readCrls(List<Path> files) {
			List<SourcedCrl> crls = new ArrayList<>();
			for (Path file : files) {
				readCrls(file).forEach(crl -> crls.add(new SourcedCrl(crl, file.toString())));
			}
			return crls;
		}

		private static Collection<X509CRL> readCrls(Path file) {
			try (InputStream in = Files.newInputStream(file)) {
				List<X509CRL> crls = new ArrayList<>();
				for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
					crls.add((X509CRL) crl);
				}
				return crls;
			}
			catch (IOException | GeneralSecurityException | RuntimeException ex) {
				throw new IllegalStateException("TESSERA_TLS_CRLS " + file + " cannot be read: " + ex.getMessage(), ex);
			}
		}

		boolean isAnchor(X509Certificate certificate) {
			return this.authorities.contains(certificate);
		}

		SourcedCrl crlOf(X509Certificate issuer) {
			X500Principal name = issuer.getSubjectX500Principal();
			return this.crls.stream()
				.filter(sourced -> sourced.crl().getIssuerX500Principal().equals(name))
				.findFirst()
				.orElse(null);
		}

	}

}
