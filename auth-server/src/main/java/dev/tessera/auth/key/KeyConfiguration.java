package dev.tessera.auth.key;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the key-encryption key, the shared signing keys and the encoder that uses them. */
@Configuration(proxyBeanMethods = false)
public class KeyConfiguration {

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

	@Bean(initMethod = "initialize")
	SigningKeys signingKeys(SigningKeyRepository repository, KeyCipher cipher, TransactionTemplate transactions,
			TesseraProperties properties, Clock clock) {
		return new SigningKeys(repository, cipher, transactions,
				SigningKeyGenerator.algorithm(properties.keys().algorithm()), clock);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return new DatabaseJwkSource(keys);
	}

	/**
	 * Signs with the {@code ACTIVE} key, chosen by its state and never by list order,
	 * whatever other keys of the same algorithm are published.
	 */
	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource, SigningKeys keys) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(jwkSource);
		encoder.setJwkSelector(candidates -> {
			String activeKid = keys.current().signing().getKeyID();
			return candidates.stream().filter(jwk -> activeKid.equals(jwk.getKeyID())).findFirst()
				.orElseThrow(() -> new IllegalStateException("The active signing key " + activeKid + " is not available"));
		});
		return encoder;
	}

}
