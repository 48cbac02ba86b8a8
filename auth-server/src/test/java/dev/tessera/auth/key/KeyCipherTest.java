package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCipherTest {

	static KeyCipher cipher(int seed) {
		byte[] key = new byte[32];
		key[0] = (byte) seed;
		return new KeyCipher(new KeyEncryptionKey(key, "test"));
	}

	@Test
	void roundTripsAndNeverRepeatsCiphertext() {
		byte[] plain = "private key material".getBytes(StandardCharsets.UTF_8);
		byte[] a = cipher(1).encrypt(plain, "kid-1");
		byte[] b = cipher(1).encrypt(plain, "kid-1");
		assertThat(a).isNotEqualTo(b);
		assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("private key material");
		assertThat(cipher(1).decrypt(a, "kid-1")).isEqualTo(plain);
	}

	@Test
	void aDifferentKekOrAMovedRowDoesNotOpen() {
		byte[] sealed = cipher(1).encrypt("secret".getBytes(StandardCharsets.UTF_8), "kid-1");
		assertThatThrownBy(() -> cipher(2).decrypt(sealed, "kid-1")).isInstanceOf(WrongKeyEncryptionKeyException.class)
			.hasMessageContaining("does not decrypt 'kid-1'");
		assertThatThrownBy(() -> cipher(1).decrypt(sealed, "kid-2")).isInstanceOf(WrongKeyEncryptionKeyException.class);
	}

	@Test
	void aKekMustBe256Bits() {
		assertThatThrownBy(() -> new KeyEncryptionKey(new byte[16], "TESSERA_KEYS_ENCRYPTION_KEY"))
			.hasMessageContaining("must be 256 bits");
	}

}
