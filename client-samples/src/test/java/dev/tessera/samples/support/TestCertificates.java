package dev.tessera.samples.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA made in the test (BouncyCastle, EC P-256) that issues the sample's TLS certificate
 * (for {@code localhost} and {@code 127.0.0.1}, also used as Tessera's TLS certificate in
 * the tests) and clients' certificates; PEM files for the samples' TLS settings and
 * {@link SSLContext}s for the clients.
 */
public final class TestCertificates {

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private final KeyPair keys = keyPair();

	private final X500Name name = new X500Name("CN=Sample Test CA,O=Tessera Samples");

	private final X509Certificate certificate = issue(this.name, this.keys, true, null).certificate();

	/** A certificate and its key. */
	public record Issued(KeyPair keys, X509Certificate certificate) {

		/** {@code x5t#S256}: base64url SHA-256 of the DER certificate (RFC 8705 §3.1). */
		public String thumbprint() {
			try {
				return Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(MessageDigest.getInstance("SHA-256").digest(this.certificate.getEncoded()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	public X509Certificate certificate() {
		return this.certificate;
	}

	/** A TLS server certificate for {@code localhost} and {@code 127.0.0.1}. */
	public Issued server() {
		return issue(new X500Name("CN=localhost,O=Tessera Samples"), keyPair(), false, KeyPurposeId.id_kp_serverAuth);
	}

	/**
	 * A TLS server certificate for {@code dnsName} only: not valid for {@code localhost}
	 * or {@code 127.0.0.1}, for tests that a client verifies the server's name.
	 */
	public Issued server(String dnsName) {
		return issue(new X500Name("CN=" + dnsName + ",O=Tessera Samples"), keyPair(), false,
				KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, dnsName));
	}

	/** A TLS client certificate for {@code commonName}. */
	public Issued client(String commonName) {
		return issue(new X500Name("CN=" + commonName + ",O=Tessera Samples"), keyPair(), false,
				KeyPurposeId.id_kp_clientAuth);
	}

	/**
	 * A client's SSL context: presenting {@code client} (none when null), trusting
	 * servers whose certificates this CA issued.
	 */
	public SSLContext clientContext(Issued client) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", this.certificate);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			if (client != null) {
				keyStore.setKeyEntry("client", client.keys().getPrivate(), new char[0],
						new Certificate[] { client.certificate(), this.certificate });
			}
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, new char[0]);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes {@code objects} as PEM to {@code file}. */
	public static Path writePem(Path file, Object... objects) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return Files.writeString(file, text.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes {@code keys}' private key as PKCS#8 PEM to {@code file}. */
	public static Path writeKey(Path file, KeyPair keys) {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		try {
			return Files.writeString(file, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Issued issue(X500Name subject, KeyPair subjectKeys, boolean ca, KeyPurposeId purpose) {
		return issue(subject, subjectKeys, ca, purpose, new GeneralName(GeneralName.dNSName, "localhost"),
				new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
	}

	private Issued issue(X500Name subject, KeyPair subjectKeys, boolean ca, KeyPurposeId purpose,
			GeneralName... serverNames) {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.name,
					BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (purpose != null) {
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			}
			if (purpose == KeyPurposeId.id_kp_serverAuth) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(serverNames));
			}
			X509Certificate issued = new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.keys.getPrivate())));
			return new Issued(subjectKeys, issued);
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
