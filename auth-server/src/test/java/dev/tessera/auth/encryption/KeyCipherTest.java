package dev.tessera.auth.encryption;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class KeyCipherTest {

	public static KeyCipher cipher(int seed) {
		byte[] key = new byte[32];
		key[0] = (byte) seed;
		return new KeyCipher(new KeyEncryptionKey(key, "test"));
	}

	@Test
	void roundTripsAndNeverRepeatsCiphertext() {
		byte[] plain = "private key material".getBytes(StandardCharsets.UTF_8);
		byte[] a = cipher(1).encrypt(plain, SealedRow.signingKey("kid-1"));
		byte[] b = cipher(1).encrypt(plain, SealedRow.signingKey("kid-1"));
		assertThat(a).isNotEqualTo(b);
		assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("private key material");
		assertThat(cipher(1).decrypt(a, SealedRow.signingKey("kid-1"))).isEqualTo(plain);
	}

	@Test
	void aDifferentKekOrAMovedRowDoesNotOpen() {
		byte[] sealed = cipher(1).encrypt("secret".getBytes(StandardCharsets.UTF_8), SealedRow.signingKey("kid-1"));
		assertThatThrownBy(() -> cipher(2).decrypt(sealed, SealedRow.signingKey("kid-1")))
			.isInstanceOf(WrongKeyEncryptionKeyException.class)
			.hasMessageContaining("does not decrypt 'signing_key/kid-1'");
		assertThatThrownBy(() -> cipher(1).decrypt(sealed, SealedRow.signingKey("kid-2")))
			.isInstanceOf(WrongKeyEncryptionKeyException.class);
	}

	@Test
	void aRowMovedToAnotherTableWithTheSameIdDoesNotOpen() {
		byte[] sealed = cipher(1).encrypt("secret".getBytes(StandardCharsets.UTF_8), SealedRow.signingKey("pepper"));
		assertThatThrownBy(() -> cipher(1).decrypt(sealed, SealedRow.serverSecret("pepper")))
			.isInstanceOf(WrongKeyEncryptionKeyException.class);
	}

	@Test
	void aRowSealedWithTheBareIdStillOpensButIsStaleUntilRewritten() throws Exception {
		// how rows were sealed before the table was part of the associated data
		byte[] key = new byte[32];
		key[0] = 1;
		javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
		byte[] nonce = new byte[12];
		aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
				new javax.crypto.spec.GCMParameterSpec(128, nonce));
		aes.updateAAD("kid-1".getBytes(StandardCharsets.UTF_8));
		byte[] sealed = aes.doFinal("old".getBytes(StandardCharsets.UTF_8));
		byte[] legacy = java.nio.ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();

		SealedRow row = SealedRow.signingKey("kid-1");
		assertThat(cipher(1).decrypt(legacy, row)).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
		assertThat(cipher(1).isUnderCurrentKey(legacy, row)).as("rewritten at start").isFalse();
		byte[] rewritten = cipher(1).encrypt(cipher(1).decrypt(legacy, row), row);
		assertThat(cipher(1).isUnderCurrentKey(rewritten, row)).isTrue();
	}

	@Test
	void aKekMustBe256Bits() {
		assertThatThrownBy(() -> new KeyEncryptionKey(new byte[16], "TESSERA_KEYS_ENCRYPTION_KEY"))
			.hasMessageContaining("must be 256 bits");
	}

}
