package dev.tessera.auth.key;

import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.cluster.CacheInvalidationListener;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.encryption.KeyCipher;
import dev.tessera.auth.encryption.ServerSecretRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the shared signing keys, their schedule and the encoder. Refuses to start when
 * the JWKS cache lifetime (plus the nodes' refresh interval) is not shorter than the
 * pre-publication lead: resource servers would then meet a signing key they have not
 * cached yet.
 */
@Configuration(proxyBeanMethods = false)
public class KeyConfiguration {

	/** What the signing-key lifecycle records in the audit trail. */
	@Bean
	KeyEventAuditing keyEventAuditing(AuditTrail trail) {
		return new KeyEventAuditing(trail);
	}

	@Bean
	SigningKeys signingKeys(SigningKeyRepository repository, KeyCipher cipher) {
		return new SigningKeys(repository, cipher);
	}

	@Bean
	KeyLifecycle keyLifecycle(TesseraProperties properties) {
		TesseraProperties.Keys keys = properties.keys();
		if (keys.jwksMaxAge().plus(keys.refreshInterval()).compareTo(keys.prepublish()) >= 0) {
			throw new IllegalStateException(
					"tessera.keys.jwks-max-age (" + keys.jwksMaxAge() + ") plus tessera.keys.refresh-interval ("
							+ keys.refreshInterval() + ") must be shorter than tessera.keys.prepublish ("
							+ keys.prepublish() + "): resource servers must have cached a key before it signs");
		}
		Duration retireAfter = properties.tokens().maxTtl().plus(keys.jwksMaxAge()).plus(keys.refreshInterval());
		return new KeyLifecycle(keys.rotationPeriod(), keys.prepublish(), retireAfter);
	}

	@Bean(initMethod = "initialize")
	KeyRotation keyRotation(SigningKeyRepository repository, ServerSecretRepository serverSecrets, SigningKeys keys,
			KeyCipher cipher, KeyLifecycle lifecycle, TesseraProperties properties, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock, CacheInvalidations invalidations) {
		return new KeyRotation(repository, serverSecrets, keys, cipher, lifecycle,
				SigningKeyGenerator.algorithm(properties.keys().algorithm()), transactions, events, clock,
				invalidations);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys, KeyRotation started) {
		return new DatabaseJwkSource(keys);
	}

	/** Another node rotated or revoked a key: re-read them here. */
	@Bean
	CacheInvalidationListener signingKeysInvalidation(SigningKeys keys) {
		return new CacheInvalidationListener() {
			@Override
			public void keysChanged() {
				keys.refresh();
			}

			@Override
			public void missedMessages() {
				keys.refresh();
			}
		};
	}

	/** Part of the readiness group. */
	@Bean
	SigningKeyHealthIndicator signingKeyHealthIndicator(SigningKeys keys) {
		return new SigningKeyHealthIndicator(keys);
	}

	/** Whether AWS-LC signs here (in no probe group: the node works either way). */
	@Bean
	NativeCryptoHealthIndicator nativeCryptoHealthIndicator(Environment environment, TesseraProperties properties) {
		return new NativeCryptoHealthIndicator(environment.getProperty(NativeCrypto.PROPERTY, Boolean.class, true),
				SigningKeyGenerator.algorithm(properties.keys().algorithm()));
	}

	@Bean
	KeyMetrics keyMetrics(SigningKeys keys, TesseraProperties properties, Clock clock) {
		return new KeyMetrics(keys, properties.keys().rotationPeriod(), clock,
				SigningKeyGenerator.algorithm(properties.keys().algorithm()));
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
			return candidates.stream()
				.filter(jwk -> activeKid.equals(jwk.getKeyID()))
				.findFirst()
				// a rotation landed between selection and signing: any private candidate
				// is the signer
				.or(() -> candidates.stream().filter(JWK::isPrivate).findFirst())
				.orElseThrow(
						() -> new IllegalStateException("The active signing key " + activeKid + " is not available"));
		});
		return encoder;
	}

}
