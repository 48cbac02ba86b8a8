package dev.tessera.auth.key;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every stored private key and server secret that still opens only under
 * a previous key-encryption key. Runs at start, inside the key-set lock, so an operator
 * rotates the KEK by restarting with the new key as {@code TESSERA_KEYS_ENCRYPTION_KEY}
 * and the old one in {@code TESSERA_KEYS_PREVIOUS_ENCRYPTION_KEYS}; once every node has
 * restarted, the old key can be dropped.
 */
final class KekRotation {

	private static final Logger log = LoggerFactory.getLogger(KekRotation.class);

	private KekRotation() {
	}

	/** @return how many rows were re-encrypted */
	static int reencrypt(KeyCipher cipher, List<SigningKey> keys, List<ServerSecret> secrets) {
		int changed = 0;
		for (SigningKey key : keys) {
			byte[] sealed = key.getPrivateKeyCipher();
			if (sealed.length > 0 && !cipher.isUnderCurrentKey(sealed, key.getKid())) {
				key.reencrypt(cipher.encrypt(cipher.decrypt(sealed, key.getKid()), key.getKid()));
				changed++;
			}
		}
		for (ServerSecret secret : secrets) {
			if (!cipher.isUnderCurrentKey(secret.getCiphertext(), secret.getName())) {
				secret.reencrypt(cipher.encrypt(cipher.decrypt(secret.getCiphertext(), secret.getName()),
						secret.getName()));
				changed++;
			}
		}
		if (changed > 0) {
			log.info("Re-encrypted {} stored key(s) and secret(s) under the current key-encryption key", changed);
		}
		return changed;
	}

}
