package dev.tessera.samples.oauth2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A signing key file ({@code private_key_jwt}, a partner's assertions): an RSA key in
 * PKCS#8 or PKCS#1 PEM becomes a signing JWK whose public half is the key pair's own; an
 * EC key, a short RSA key or a file without a key is refused with a message that names
 * the file and shows none of its content.
 */
class RsaKeyFileTest {

	@TempDir
	Path dir;

	@Test
	void readsPkcs8AndPkcs1RsaKeys() throws Exception {
		KeyPair keys = rsa(2048);
		Path pkcs8 = TestCertificates.writeKey(this.dir.resolve("pkcs8.pem"), keys);
		// BouncyCastle's PEM writer writes an RSA private key as PKCS#1 (RSA PRIVATE KEY)
		Path pkcs1 = TestCertificates.writePem(this.dir.resolve("pkcs1.pem"), keys.getPrivate());
		assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
		for (Path file : new Path[] { pkcs8, pkcs1 }) {
			RSAKey jwk = RsaKeyFile.read(file, "k1");
			assertThat(jwk.isPrivate()).isTrue();
			assertThat(jwk.toRSAPublicKey()).isEqualTo(keys.getPublic());
			assertThat(jwk.getKeyID()).isEqualTo("k1");
			assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		}
		assertThat(RsaKeyFile.read(pkcs8, "").getKeyID()).isNull();
	}

	@Test
	void refusesWhatItCannotSignWith() throws Exception {
		KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
		ec.initialize(new ECGenParameterSpec("secp256r1"));
		Path ecFile = TestCertificates.writeKey(this.dir.resolve("ec.pem"), ec.generateKeyPair());
		assertThatIllegalStateException().isThrownBy(() -> RsaKeyFile.read(ecFile, null))
			.withMessageContaining("EC private key")
			.withMessageContaining("RSA keys only");

		Path shortFile = TestCertificates.writeKey(this.dir.resolve("short.pem"), rsa(1024));
		assertThatIllegalStateException().isThrownBy(() -> RsaKeyFile.read(shortFile, null))
			.withMessageContaining("1024 bits");

		Path noKey = Files.writeString(this.dir.resolve("secret.txt"), "not-a-key-but-a-secret");
		assertThatIllegalStateException().isThrownBy(() -> RsaKeyFile.read(noKey, null))
			.withMessageContaining(noKey.toString())
			.withMessageNotContaining("not-a-key-but-a-secret");

		Path missing = this.dir.resolve("missing.pem");
		assertThatIllegalStateException().isThrownBy(() -> RsaKeyFile.read(missing, null))
			.withMessageContaining("Cannot read the private key file " + missing);
	}

	private static KeyPair rsa(int bits) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

}
