package dev.tessera.auth.key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM under the {@link KeyEncryptionKey}. The output is a 12-byte random
 * nonce followed by ciphertext and tag; the associated data binds each ciphertext to
 * its row (a kid, a secret's name), so rows cannot be swapped.
 */
public final class KeyCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final KeyEncryptionKey kek;

	private final SecureRandom random = new SecureRandom();

	public KeyCipher(KeyEncryptionKey kek) {
		this.kek = kek;
	}

	public byte[] encrypt(byte[] plaintext, String associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.kek.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * @throws WrongKeyEncryptionKeyException when the ciphertext does not open under
	 * this KEK (a different KEK, or a tampered row)
	 */
	public byte[] decrypt(byte[] ciphertext, String associatedData) {
		if (ciphertext.length <= NONCE_BYTES) {
			throw new WrongKeyEncryptionKeyException(associatedData, this.kek.source());
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.kek.secretKey(),
					new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new WrongKeyEncryptionKeyException(associatedData, this.kek.source());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM decryption failed", ex);
		}
	}

}
