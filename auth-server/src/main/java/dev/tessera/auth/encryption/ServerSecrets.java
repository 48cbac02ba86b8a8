package dev.tessera.auth.encryption;

import java.security.SecureRandom;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Random server-side secrets (such as the pepper of client-secret hashes), generated
 * once, stored encrypted under the key-encryption key and shared by every node. The
 * database alone never reveals them.
 */
public class ServerSecrets {

	private final ServerSecretRepository repository;

	private final KeyCipher cipher;

	private final TransactionTemplate transactions;

	public ServerSecrets(ServerSecretRepository repository, KeyCipher cipher, TransactionTemplate transactions) {
		this.repository = repository;
		this.cipher = cipher;
		this.transactions = transactions;
	}

	/**
	 * The named 256-bit secret, created on first use (concurrent first uses agree on
	 * one).
	 */
	public byte[] getOrCreate(String name) {
		byte[] ciphertext = this.transactions.execute(status -> {
			ServerSecret row = this.repository.findById(name).orElse(null);
			if (row != null) {
				return row.getCiphertext();
			}
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			this.repository.insertIfAbsent(name, this.cipher.encrypt(fresh, SealedRow.serverSecret(name)));
			return this.repository.findById(name).orElseThrow().getCiphertext();
		});
		return this.cipher.decrypt(ciphertext, SealedRow.serverSecret(name));
	}

}
