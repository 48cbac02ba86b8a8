package dev.tessera.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The throw-away certificate authority of the mTLS scenarios, made fresh for every run
 * (nothing is stored or reused): one CA that issues the server's certificate (for
 * {@code 127.0.0.1} and {@code localhost}) and the {@code tls_client_auth} client's
 * certificate. Tessera gets the server chain, its key and the CA as PEM files
 * ({@code TESSERA_TLS_CERTIFICATE}, {@code TESSERA_TLS_PRIVATE_KEY},
 * {@code TESSERA_TLS_CLIENT_CAS}); the load generator gets the client's key and
 * certificate and trusts the CA for the server. EC P-256 keys throughout, as partners'
 * certificates commonly are, and as quick to make as to use.
 */
final class BenchPki {

	/** The subject of the client certificate, registered as its {@code tlsSubjectDn}. */
	static final String CLIENT_SUBJECT = "CN=bench-mtls-client,OU=Benchmark,O=Tessera Bench";

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private static final char[] NO_PASSWORD = new char[0];

	private final KeyPair caKeys;

	private final X509Certificate ca;

	private final KeyPair serverKeys;

	private final X509Certificate server;

	private final KeyPair clientKeys;

	private final X509Certificate client;

	private BenchPki() {
		Instant now = Instant.now();
		Instant from = now.minus(Duration.ofHours(1));
		Instant until = now.plus(Duration.ofDays(2));
		X500Name caName = name("CN=Tessera Bench CA,O=Tessera Bench");
		this.caKeys = keyPair();
		this.ca = build(caName, this.caKeys, caName, this.caKeys, from, until, true, null, List.of());
		this.serverKeys = keyPair();
		this.server = build(caName, this.caKeys, name("CN=localhost,O=Tessera Bench"), this.serverKeys, from, until,
				false, KeyPurposeId.id_kp_serverAuth, List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
						new GeneralName(GeneralName.dNSName, "localhost")));
		this.clientKeys = keyPair();
		this.client = build(caName, this.caKeys, name(CLIENT_SUBJECT), this.clientKeys, from, until, false,
				KeyPurposeId.id_kp_clientAuth, List.of());
	}

	static BenchPki generate() {
		return new BenchPki();
	}

	/** The PEM files the server is started with, in {@code dir}. */
	ServerFiles writeServerFiles(Path dir) {
		try {
			Files.createDirectories(dir);
			Path certificate = Files.writeString(dir.resolve("server-chain.pem"), pem(this.server, this.ca));
			Path key = Files.writeString(dir.resolve("server-key.pem"), pkcs8(this.serverKeys));
			Path clientCas = Files.writeString(dir.resolve("client-cas.pem"), pem(this.ca));
			return new ServerFiles(certificate, key, clientCas);
		}
		catch (IOException ex) {
			throw new BenchmarkException("cannot write the TLS files to " + dir + ": " + ex.getMessage(), ex);
		}
	}

	X509Certificate clientCertificate() {
		return this.client;
	}

	X509Certificate authority() {
		return this.ca;
	}

	/** The client's key and chain (leaf, then the CA) for its TLS handshakes. */
	X509KeyManager clientKeyManager() {
		return keyManager(this.clientKeys, this.client);
	}

	/**
	 * The server's key and chain, for a TLS server on loopback other than Tessera (which
	 * reads the PEM files): the tests' stand-in.
	 */
	X509KeyManager serverKeyManager() {
		return keyManager(this.serverKeys, this.server);
	}

	private X509KeyManager keyManager(KeyPair keys, X509Certificate leaf) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("key", keys.getPrivate(), NO_PASSWORD, new Certificate[] { leaf, this.ca });
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, NO_PASSWORD);
			return (X509KeyManager) factory.getKeyManagers()[0];
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new BenchmarkException("cannot load a TLS key: " + ex, ex);
		}
	}

	/**
	 * PKIX to this CA alone: the client checks the server's certificate as any partner
	 * would (and a test server the client's).
	 */
	X509ExtendedTrustManager serverTrust() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("bench-ca", this.ca);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new BenchmarkException("cannot build the TLS trust store: " + ex, ex);
		}
	}

	/** Where the server's TLS material was written. */
	record ServerFiles(Path certificate, Path privateKey, Path clientCas) {
	}

	private static String pem(Object... objects) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new BenchmarkException("cannot write PEM: " + ex, ex);
		}
		return text.toString();
	}

	private static String pkcs8(KeyPair keys) {
		return "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
					.encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

	/**
	 * A distinguished name as RFC 4514 writes it (most specific first), encoded the way
	 * {@link X500Principal} encodes it, so the certificate's subject reads back as the
	 * same string (BouncyCastle's {@code new X500Name(String)} would encode the RDNs in
	 * the opposite order).
	 */
	private static X500Name name(String rfc4514) {
		return X500Name.getInstance(new X500Principal(rfc4514).getEncoded());
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new BenchmarkException("cannot generate an EC key: " + ex, ex);
		}
	}

	private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
			Instant notBefore, Instant notAfter, boolean ca, KeyPurposeId purpose, List<GeneralName> sans) {
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
					: new KeyUsage(KeyUsage.digitalSignature));
			if (purpose != null) {
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			}
			if (!sans.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new ArrayList<>(sans).toArray(new GeneralName[0])));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new BenchmarkException("cannot issue a certificate for " + subject + ": " + ex, ex);
		}
	}

}
