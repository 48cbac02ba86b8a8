package dev.tessera.auth.encryption;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the key-encryption key (KEK), the cipher that seals private keys and server
 * secrets at rest under it, and the server secrets themselves.
 */
@Configuration(proxyBeanMethods = false)
public class EncryptionConfiguration {

	@Bean
	KeyEncryptionKey keyEncryptionKey(TesseraProperties properties) {
		return KeyEncryptionKey.load(properties);
	}

	@Bean
	KeyCipher keyCipher(KeyEncryptionKey kek) {
		return new KeyCipher(kek);
	}

	@Bean
	ServerSecrets serverSecrets(ServerSecretRepository repository, KeyCipher cipher, TransactionTemplate transactions) {
		return new ServerSecrets(repository, cipher, transactions);
	}

}
