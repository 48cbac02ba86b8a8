package dev.tessera.auth.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * The certificate chain and private key the HTTPS connector presents, read from PEM files
 * ({@code TESSERA_TLS_CERTIFICATE}, {@code TESSERA_TLS_PRIVATE_KEY}) or a Spring Boot SSL
 * bundle. {@link #reload()} reads them again and, when they changed, tells the listeners
 * (the connector, the certificate inventory), so a renewed certificate is served without
 * a restart. Without TLS configured it holds nothing and the connector is not opened.
 */
public final class ServerCertificate {

	private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);

	/** The in-memory key store's alias and password: nothing is ever written to disk. */
	static final String ALIAS = "tessera-tls";

	static final char[] STORE_PASSWORD = ALIAS.toCharArray();

	private static final ServerCertificate NONE = new ServerCertificate("no TLS", () -> null);

	private final String source;

	private final Supplier<Material> loader;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile Material material;

	private ServerCertificate(String source, Supplier<Material> loader) {
		this.source = source;
		this.loader = loader;
		this.material = loader.get();
	}

	/** No TLS: no connector, no certificate. */
	public static ServerCertificate none() {
		return NONE;
	}

	/**
	 * @param certificate PEM file with the chain, leaf first
	 * @param privateKey PEM file with the leaf's key (PKCS#8, PKCS#1 or SEC 1)
	 * @throws IllegalStateException naming the file when either cannot be read
	 */
	public static ServerCertificate fromFiles(Path certificate, Path privateKey) {
		return new ServerCertificate(certificate.toString(), () -> {
			List<X509Certificate> chain = read(certificate, "TESSERA_TLS_CERTIFICATE").getCertificates();
			PrivateKey key = read(privateKey, "TESSERA_TLS_PRIVATE_KEY").getPrivateKey();
			if (chain == null || chain.isEmpty()) {
				throw new IllegalStateException("TESSERA_TLS_CERTIFICATE " + certificate + " holds no certificate");
			}
			if (key == null) {
				throw new IllegalStateException("TESSERA_TLS_PRIVATE_KEY " + privateKey + " holds no private key");
			}
			if (!matches(key, chain.get(0))) {
				// typically caught between the two files of a renewal: the next reload
				// reads both anew
				throw new IllegalStateException("TESSERA_TLS_PRIVATE_KEY " + privateKey
						+ " is not the key of the certificate in TESSERA_TLS_CERTIFICATE " + certificate);
			}
			return new Material(key, chain);
		});
	}

	/**
	 * @param name the bundle's name ({@code TESSERA_TLS_BUNDLE})
	 * @param bundle reads the bundle's current content (Spring Boot reloads it when its
	 * {@code reload-on-update} is set)
	 */
	public static ServerCertificate fromBundle(String name, Supplier<SslBundle> bundle) {
		return new ServerCertificate("SSL bundle " + name, () -> fromKeyStore(name, bundle.get()));
	}

	private static Material fromKeyStore(String name, SslBundle bundle) {
		try {
			KeyStore store = bundle.getStores().getKeyStore();
			if (store == null) {
				throw new IllegalStateException("SSL bundle " + name + " has no key store");
			}
			String password = bundle.getStores().getKeyStorePassword();
			String keyPassword = bundle.getKey().getPassword();
			char[] keyPass = (keyPassword != null) ? keyPassword.toCharArray()
					: (password != null) ? password.toCharArray() : new char[0];
			String alias = (bundle.getKey().getAlias() != null) ? bundle.getKey().getAlias()
					: store.aliases().nextElement();
			PrivateKey key = (PrivateKey) store.getKey(alias, keyPass);
			Certificate[] chain = store.getCertificateChain(alias);
			if (key == null || chain == null) {
				throw new IllegalStateException("SSL bundle " + name + " has no key entry '" + alias + "'");
			}
			return new Material(key, Arrays.stream(chain).map(X509Certificate.class::cast).toList());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SSL bundle " + name + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether {@code key} belongs to {@code certificate}: it signs a probe the
	 * certificate's public key verifies (for the key types TLS servers use; any other is
	 * left to the handshake).
	 */
	static boolean matches(PrivateKey key, X509Certificate certificate) {
		String algorithm = switch (key.getAlgorithm()) {
			case "EC" -> "SHA256withECDSA";
			case "RSA" -> "SHA256withRSA";
			case "Ed25519", "EdDSA" -> "Ed25519";
			default -> null;
		};
		if (algorithm == null) {
			return true;
		}
		try {
			byte[] probe = ALIAS.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(certificate.getPublicKey());
			verifier.update(probe);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static PemContent read(Path file, String setting) {
		try {
			return PemContent.load(file);
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			throw new IllegalStateException(setting + " " + file + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	/** Whether TLS is configured. */
	public boolean present() {
		return this.material != null;
	}

	/** The chain served now, leaf first; empty without TLS. */
	public List<X509Certificate> chain() {
		Material current = this.material;
		return (current != null) ? current.chain() : List.of();
	}

	/** Where the certificate comes from, for log lines and the inventory. */
	public String source() {
		return this.source;
	}

	/**
	 * The chain and key as a key store for the connector, under {@link #ALIAS} and
	 * {@link #STORE_PASSWORD}.
	 */
	KeyStore keyStore() {
		Material current = this.material;
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(ALIAS, current.key(), STORE_PASSWORD, current.chain().toArray(new Certificate[0]));
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("The TLS key store cannot be built: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads the files (or bundle) again; when the chain or key changed, uses them and
	 * tells every listener.
	 * @return whether anything changed
	 * @throws IllegalStateException when the new content cannot be read (the old one
	 * stays in use)
	 */
	public synchronized boolean reload() {
		if (this.material == null) {
			return false;
		}
		Material fresh = this.loader.get();
		if (fresh.sameAs(this.material)) {
			return false;
		}
		this.material = fresh;
		for (Runnable listener : this.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				log.error("A listener of the TLS certificate ({}) failed after its reload", this.source, ex);
			}
		}
		return true;
	}

	/** Runs {@code listener} after each change. */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	private record Material(PrivateKey key, List<X509Certificate> chain) {

		Material {
			chain = List.copyOf(chain);
		}

		boolean sameAs(Material other) {
			return Arrays.equals(this.key.getEncoded(), other.key.getEncoded())
					&& encoded(this.chain).equals(encoded(other.chain));
		}

		private static List<String> encoded(List<X509Certificate> chain) {
			return chain.stream().map(certificate -> {
				try {
					return Arrays.toString(certificate.getEncoded());
				}
				catch (CertificateEncodingException ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
		}

	}

}
