package dev.tessera.auth.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM under the {@link KeyEncryptionKey}. The output is a 12-byte random nonce
 * followed by ciphertext and tag; the associated data ({@link SealedRow}) binds each
 * ciphertext to its table and row, so rows cannot be swapped, within a table or across
 * tables.
 *
 * <p>
 * Rows written before the table was part of the associated data (the bare id) still open,
 * so that an existing database starts; {@link #isUnderCurrentKey} calls them stale, and
 * {@code KekRotation} rewrites them at start like rows under a previous KEK.
 */
public final class KeyCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final KeyEncryptionKey kek;

	private final SecureRandom random = new SecureRandom();

	public KeyCipher(KeyEncryptionKey kek) {
		this.kek = kek;
	}

	public byte[] encrypt(byte[] plaintext, SealedRow row) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.kek.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(row.associatedData().getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * @throws WrongKeyEncryptionKeyException when the ciphertext does not open under this
	 * KEK (a different KEK, or a tampered row)
	 */
	public byte[] decrypt(byte[] ciphertext, SealedRow row) {
		byte[] plaintext = null;
		for (String associatedData : new String[] { row.associatedData(), row.id() }) {
			plaintext = open(this.kek.secretKey(), ciphertext, associatedData);
			for (int i = 0; plaintext == null && i < this.kek.previousKeys().size(); i++) {
				plaintext = open(this.kek.previousKeys().get(i), ciphertext, associatedData);
			}
			if (plaintext != null) {
				return plaintext;
			}
		}
		throw new WrongKeyEncryptionKeyException(row.toString(), this.kek.source());
	}

	/**
	 * Whether the ciphertext is current: under the current KEK (not only a previous one)
	 * and bound to its table and row (not only to the bare id).
	 */
	public boolean isUnderCurrentKey(byte[] ciphertext, SealedRow row) {
		return open(this.kek.secretKey(), ciphertext, row.associatedData()) != null;
	}

	private static byte[] open(SecretKey key, byte[] ciphertext, String associatedData) {
		if (ciphertext.length <= NONCE_BYTES) {
			return null;
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM decryption failed", ex);
		}
	}

}
