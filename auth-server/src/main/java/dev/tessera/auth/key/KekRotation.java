package dev.tessera.auth.key;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.encryption.KeyCipher;
import dev.tessera.auth.encryption.SealedRow;
import dev.tessera.auth.encryption.ServerSecret;

/**
 * Re-encrypts every stored private key and server secret that still opens only under a
 * previous key-encryption key, or only with the older associated data (the bare id, see
 * {@link KeyCipher}). Runs at start, inside the key-set lock, so an operator rotates the
 * KEK by restarting with the new key as {@code TESSERA_KEYS_ENCRYPTION_KEY} and the old
 * one in {@code TESSERA_KEYS_PREVIOUS_ENCRYPTION_KEYS}; once every node has restarted,
 * the old key can be dropped.
 */
final class KekRotation {

	private static final Logger log = LoggerFactory.getLogger(KekRotation.class);

	private KekRotation() {
	}

	/**
	 * @return how many rows were re-encrypted
	 */
	static int reencrypt(KeyCipher cipher, List<SigningKey> keys, List<ServerSecret> secrets) {
		int changed = 0;
		for (SigningKey key : keys) {
			byte[] sealed = key.getPrivateKeyCipher();
			SealedRow row = SealedRow.signingKey(key.getKid());
			if (sealed.length > 0 && !cipher.isUnderCurrentKey(sealed, row)) {
				key.reencrypt(cipher.encrypt(cipher.decrypt(sealed, row), row));
				changed++;
			}
		}
		for (ServerSecret secret : secrets) {
			SealedRow row = SealedRow.serverSecret(secret.getName());
			if (!cipher.isUnderCurrentKey(secret.getCiphertext(), row)) {
				secret.reencrypt(cipher.encrypt(cipher.decrypt(secret.getCiphertext(), row), row));
				changed++;
			}
		}
		if (changed > 0) {
			log.info("Re-encrypted {} stored key(s) and secret(s) under the current key-encryption key", changed);
		}
		return changed;
	}

}
