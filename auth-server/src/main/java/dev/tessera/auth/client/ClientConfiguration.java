package dev.tessera.auth.client;

import java.time.Clock;

import dev.tessera.auth.cluster.CacheInvalidationListener;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.encryption.ServerSecrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the client store: cache, Spring's repository view, secret hashing and
 * registration.
 */
@Configuration(proxyBeanMethods = false)
public class ClientConfiguration {

	static final String PEPPER = "client-secret-pepper";

	@Bean
	ClientSecretHasher clientSecretHasher(ServerSecrets serverSecrets) {
		return new ClientSecretHasher(serverSecrets.getOrCreate(PEPPER));
	}

	@Bean
	ClientDirectory clientDirectory(ClientRepository repository, PlatformTransactionManager transactionManager,
			TesseraProperties properties) {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		return new ClientDirectory(repository, new RegisteredClientMapper(properties.tokens()), readOnly,
				properties.clients().cacheTtl());
	}

	/**
	 * Another node changed a client: drop it here, or everything after a lost connection.
	 */
	@Bean
	CacheInvalidationListener clientDirectoryInvalidation(ClientDirectory directory) {
		return new CacheInvalidationListener() {
			@Override
			public void clientChanged(String clientId) {
				directory.evict(clientId);
			}

			@Override
			public void missedMessages() {
				directory.evictAll();
			}
		};
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(ClientDirectory directory) {
		return new TesseraRegisteredClientRepository(directory);
	}

	@Bean
	ClientRegistrar clientRegistrar(ClientRepository repository, ClientSecretHasher hasher, ClientDirectory directory,
			Clock clock, TesseraProperties properties, CacheInvalidations invalidations) {
		return new ClientRegistrar(repository, hasher, directory, clock, properties.clients().secretTtl(),
				invalidations);
	}

}
