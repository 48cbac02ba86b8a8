package dev.tessera.samples.oauth2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.util.StringUtils;

/**
 * Reads a signing key from the PEM file a secrets manager mounts (an unencrypted RSA key,
 * PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}, as
 * {@code openssl genpkey} writes it) as an RS256 JWK: the client's
 * {@code private_key_jwt} key, which Spring's
 * {@code NimbusJwtClientAuthenticationParametersConverter} signs with, and a partner's
 * JWT-bearer assertion key, which Spring's {@code NimbusJwtEncoder} signs with. Parsing
 * is Spring Boot's {@link PemContent}; the public half, which a Nimbus {@link RSAKey}
 * must carry, is the modulus and exponent the private key already holds.
 * <p>
 * RSA only: the JDK cannot derive an EC key's public point from its private key without
 * another library, and Tessera wants at least 2048 bits. Error messages name the file,
 * never its content.
 */
public final class RsaKeyFile {

	private static final int MIN_RSA_BITS = 2048;

	private RsaKeyFile() {
	}

	/**
	 * @param file the PEM file
	 * @param keyId the key's {@code kid} in the key set registered in Tessera, or empty
	 */
	public static RSAKey read(Path file, String keyId) {
		PrivateKey key = privateKey(file);
		if (!(key instanceof RSAPrivateCrtKey rsa)) {
			throw new IllegalStateException(
					file + " holds a " + key.getAlgorithm() + " private key; this sample signs with RSA keys only");
		}
		if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
			throw new IllegalStateException(file + " holds an RSA key of " + rsa.getModulus().bitLength()
					+ " bits; Tessera wants at least " + MIN_RSA_BITS);
		}
		return new RSAKey.Builder(publicKey(rsa)).privateKey(rsa)
			.keyID(StringUtils.hasText(keyId) ? keyId : null)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.build();
	}

	private static PrivateKey privateKey(Path file) {
		if (!Files.isReadable(file)) {
			throw new IllegalStateException("Cannot read the private key file " + file);
		}
		PrivateKey key;
		try {
			key = PemContent.load(file).getPrivateKey();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the private key file " + file, ex);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// the parser's message may quote the file; only its name is repeated here
			throw new IllegalStateException(file + " holds no unencrypted private key in PEM form");
		}
		if (key == null) {
			throw new IllegalStateException(file + " holds no private key in PEM form");
		}
		return key;
	}

	private static RSAPublicKey publicKey(RSAPrivateCrtKey key) {
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive the public key", ex);
		}
	}

}
