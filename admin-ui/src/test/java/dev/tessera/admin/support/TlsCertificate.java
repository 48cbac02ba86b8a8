package dev.tessera.admin.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed TLS server certificate for {@code localhost} and its key, written as PEM
 * files for {@code TESSERA_TLS_CERTIFICATE} and {@code TESSERA_TLS_PRIVATE_KEY}, so the
 * auth server under test has a certificate whose expiry the console shows.
 *
 * @param certificate the certificate
 * @param certificateFile its PEM file
 * @param keyFile the PEM file of its private key
 */
public record TlsCertificate(X509Certificate certificate, Path certificateFile, Path keyFile) {

	/**
	 * A certificate for {@code subject} valid until {@code notAfter}, written to
	 * {@code dir}.
	 */
	public static TlsCertificate write(Path dir, String subject, Instant notAfter) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			X500Name name = new X500Name(subject);
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(1))),
					Date.from(notAfter), name, keys.getPublic())
				.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			Path certificateFile = Files.writeString(dir.resolve("tls.pem"), pem(certificate));
			// PKCS#8, as openssl writes keys: BouncyCastle's own "EC PRIVATE KEY" output
			// is
			// read by Spring Boot as another key (the server then refuses the pair)
			Path keyFile = Files.writeString(dir.resolve("tls-key.pem"),
					"-----BEGIN PRIVATE KEY-----\n"
							+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
								.encodeToString(keys.getPrivate().getEncoded())
							+ "\n-----END PRIVATE KEY-----\n");
			return new TlsCertificate(certificate, certificateFile, keyFile);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Its {@code x5t#S256}: base64url SHA-256 of the DER encoding. */
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

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

}
