package dev.tessera.auth.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, built with BouncyCastle: root and intermediate CAs,
 * server and client certificates with any subject, SANs and validity, self-signed client
 * certificates, CRLs, PEM files, and {@link SSLContext}s for clients. Keys are EC P-256
 * (fast to make); nothing here is fixed or shared between runs.
 */
public final class TestPki {

	private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

	private TestPki() {
	}

	/** A root CA valid from a day ago for a year. */
	public static Authority authority(String commonName) {
		return authority(commonName, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
	}

	public static Authority authority(String commonName, Instant notBefore, Instant notAfter) {
		KeyPair keys = keyPair();
		X500Name name = new X500Name("CN=" + commonName + ",O=Tessera Test");
		X509Certificate certificate = build(name, keys, name, keys, notBefore, notAfter, true, List.of(), null);
		return new Authority(new Issued(keys, certificate, List.of(certificate)));
	}

	/**
	 * A certificate for {@code subjectDn} signed by its own key (an RFC 8705 §2.2 one).
	 */
	public static Builder selfSigned(String subjectDn) {
		return new Builder(null, subjectDn);
	}

	/**
	 * An SSL context presenting {@code client} (or no certificate, when null) and
	 * trusting servers whose chains end at one of {@code trusted}.
	 */
	public static SSLContext sslContext(Issued client, X509Certificate... trusted) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			for (int i = 0; i < trusted.length; i++) {
				trust.setCertificateEntry("trusted-" + i, trusted[i]);
			}
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			if (client != null) {
				keyStore.setKeyEntry("client", client.keys().getPrivate(), new char[0],
						client.chain().toArray(new Certificate[0]));
			}
			keyManagers.init(keyStore, new char[0]);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** PEM text of certificates, CRLs or keys, in order. */
	public static String pem(Object... objects) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

	/** Writes {@code pem} to {@code file} (replacing it) and returns the file. */
	public static Path write(Path file, String pem) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pki", ".tmp");
			Files.writeString(temporary, pem);
			return Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
			Instant notBefore, Instant notAfter, boolean ca, List<GeneralName> sans, KeyPurposeId purpose) {
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
					subjectKeys.getPublic());
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			builder.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
					: new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			if (purpose != null) {
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			}
			if (!sans.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(sans.toArray(new GeneralName[0])));
			}
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A certificate with its key and the chain a client would send (leaf first). */
	public record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {

		public Issued {
			chain = List.copyOf(chain);
		}

		/** The chain as PEM, leaf first. */
		public String chainPem() {
			return pem(this.chain.toArray());
		}

		/** The private key as PEM (PKCS#8). */
		public String keyPem() {
			return "-----BEGIN PRIVATE KEY-----\n"
					+ java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
						.encodeToString(this.keys.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
		}

		/** The same certificate sent without its intermediates. */
		public Issued leafOnly() {
			return new Issued(this.keys, this.certificate, List.of(this.certificate));
		}

	}

	/** A CA that issues certificates and CRLs. */
	public static final class Authority {

		private final Issued self;

		Authority(Issued self) {
			this.self = self;
		}

		public X509Certificate certificate() {
			return this.self.certificate();
		}

		public Issued issued() {
			return this.self;
		}

		/** A certificate for {@code subjectDn} signed by this CA. */
		public Builder issue(String subjectDn) {
			return new Builder(this, subjectDn);
		}

		/** An intermediate CA under this one. */
		public Authority intermediate(String commonName) {
			KeyPair keys = keyPair();
			X500Name name = new X500Name("CN=" + commonName + ",O=Tessera Test");
			X509Certificate certificate = build(
					X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()), this.self.keys(), name,
					keys, certificate().getNotBefore().toInstant(), certificate().getNotAfter().toInstant(), true,
					List.of(), null);
			List<X509Certificate> chain = new ArrayList<>();
			chain.add(certificate);
			chain.addAll(this.self.chain());
			return new Authority(new Issued(keys, certificate, chain));
		}

		/** A CRL of this CA listing {@code revoked}, valid from now for a week. */
		public X509CRL crl(X509Certificate... revoked) {
			try {
				Instant now = Instant.now();
				X509v2CRLBuilder builder = new X509v2CRLBuilder(
						X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()),
						Date.from(now.minusSeconds(60)));
				builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
				for (X509Certificate certificate : revoked) {
					builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minusSeconds(60)),
							CRLReason.keyCompromise);
				}
				ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
					.build(this.self.keys().getPrivate());
				return new JcaX509CRLConverter().getCRL(builder.build(signer));
			}
			catch (GeneralSecurityException | OperatorCreationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** What goes into one certificate. */
	public static final class Builder {

		private final Authority issuer;

		private final String subjectDn;

		private final List<GeneralName> sans = new ArrayList<>();

		private Instant notBefore = Instant.now().minus(Duration.ofHours(1));

		private Instant notAfter = Instant.now().plus(Duration.ofDays(30));

		private KeyPurposeId purpose = KeyPurposeId.id_kp_clientAuth;

		Builder(Authority issuer, String subjectDn) {
			this.issuer = issuer;
			this.subjectDn = subjectDn;
		}

		public Builder dns(String name) {
			this.sans.add(new GeneralName(GeneralName.dNSName, name));
			return this;
		}

		public Builder uri(String uri) {
			this.sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
			return this;
		}

		public Builder email(String email) {
			this.sans.add(new GeneralName(GeneralName.rfc822Name, email));
			return this;
		}

		public Builder ip(String address) {
			this.sans.add(new GeneralName(GeneralName.iPAddress, address));
			return this;
		}

		public Builder validity(Instant from, Instant until) {
			this.notBefore = from;
			this.notAfter = until;
			return this;
		}

		/** Valid until {@code until} (from an hour ago). */
		public Builder expiring(Instant until) {
			this.notAfter = until;
			if (!this.notBefore.isBefore(until)) {
				this.notBefore = until.minus(Duration.ofDays(1));
			}
			return this;
		}

		/** A TLS server certificate for {@code localhost} and 127.0.0.1. */
		public Builder server() {
			this.purpose = KeyPurposeId.id_kp_serverAuth;
			return dns("localhost").ip(loopback());
		}

		public Issued build() {
			KeyPair keys = keyPair();
			X500Name subject = new X500Name(this.subjectDn);
			if (this.issuer == null) {
				X509Certificate certificate = TestPki.build(subject, keys, subject, keys, this.notBefore, this.notAfter,
						false, this.sans, this.purpose);
				return new Issued(keys, certificate, List.of(certificate));
			}
			Issued authority = this.issuer.issued();
			X509Certificate certificate = TestPki.build(
					X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded()),
					authority.keys(), subject, keys, this.notBefore, this.notAfter, false, this.sans, this.purpose);
			List<X509Certificate> chain = new ArrayList<>();
			chain.add(certificate);
			// the chain a client sends: leaf and intermediates, never the root
			authority.chain().stream().filter(ca -> !isSelfIssued(ca)).forEach(chain::add);
			return new Issued(keys, certificate, chain);
		}

		private static boolean isSelfIssued(X509Certificate certificate) {
			return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
		}

		private static String loopback() {
			try {
				return InetAddress.getByName("127.0.0.1").getHostAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
