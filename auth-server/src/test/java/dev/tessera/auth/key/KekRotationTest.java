package dev.tessera.auth.key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.encryption.KeyCipher;
import dev.tessera.auth.encryption.KeyCipherTest;
import dev.tessera.auth.encryption.SealedRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up re-encryption: rows under an old KEK and rows sealed with the bare id are
 * rewritten.
 */
class KekRotationTest {

	@Test
	void rewritesRowsSealedWithTheBareIdAndLeavesCurrentRowsAlone() throws Exception {
		KeyCipher cipher = KeyCipherTest.cipher(1);
		byte[] kek = new byte[32];
		kek[0] = 1;
		SigningKey legacy = key("kid-legacy", sealWithBareId(kek, "kid-legacy", "{\"old\":true}"));
		SigningKey current = key("kid-current",
				cipher.encrypt("{\"new\":true}".getBytes(StandardCharsets.UTF_8), SealedRow.signingKey("kid-current")));
		byte[] currentBefore = current.getPrivateKeyCipher();

		assertThat(KekRotation.reencrypt(cipher, List.of(legacy, current), List.of())).isEqualTo(1);

		assertThat(cipher.isUnderCurrentKey(legacy.getPrivateKeyCipher(), SealedRow.signingKey("kid-legacy"))).isTrue();
		assertThat(cipher.decrypt(legacy.getPrivateKeyCipher(), SealedRow.signingKey("kid-legacy")))
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"old\":true}");
		assertThat(current.getPrivateKeyCipher()).isSameAs(currentBefore);
	}

	private static SigningKey key(String kid, byte[] sealed) {
		return new SigningKey(kid, "RS256", SigningKeyStatus.NEXT, "{}", sealed, Instant.EPOCH);
	}

	private static byte[] sealWithBareId(byte[] kek, String id, String plaintext) throws Exception {
		byte[] nonce = new byte[12];
		nonce[11] = 7;
		Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
		aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
		aes.updateAAD(id.getBytes(StandardCharsets.UTF_8));
		byte[] sealed = aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
		return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
	}

}
