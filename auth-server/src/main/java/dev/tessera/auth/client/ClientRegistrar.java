package dev.tessera.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.transaction.annotation.Transactional;

/**
 * Registers clients and issues their secrets: the one place a client secret exists in
 * clear, just long enough to be hashed and handed back once.
 */
public class ClientRegistrar {

	private static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post");

	private final ClientRepository repository;

	private final ClientSecretHasher hasher;

	private final ClientDirectory directory;

	private final Clock clock;

	private final Duration defaultSecretTtl;

	public ClientRegistrar(ClientRepository repository, ClientSecretHasher hasher, ClientDirectory directory,
			Clock clock, Duration defaultSecretTtl) {
		this.repository = repository;
		this.hasher = hasher;
		this.directory = directory;
		this.clock = clock;
		this.defaultSecretTtl = defaultSecretTtl;
	}

	/** Registers the client; a generated secret is returned when it uses a secret method. */
	@Transactional
	public IssuedSecret register(ClientDraft draft) {
		boolean usesSecret = draft.authMethods().stream().anyMatch(SECRET_METHODS::contains);
		return register(draft, usesSecret ? ClientSecretGenerator.generate() : null);
	}

	/**
	 * Registers the client with a secret chosen by the operator (the bootstrap client
	 * only); secrets shorter than 32 characters are refused.
	 */
	@Transactional
	public IssuedSecret registerWithSecret(ClientDraft draft, String secret) {
		if (secret == null || secret.length() < 32) {
			throw new IllegalArgumentException("A client secret must have at least 32 characters");
		}
		return register(draft, secret);
	}

	private IssuedSecret register(ClientDraft draft, String secret) {
		String clientId = (draft.clientId() != null) ? draft.clientId() : UUID.randomUUID().toString();
		if (this.repository.existsByClientId(clientId)) {
			throw new IllegalArgumentException("A client with clientId '" + clientId + "' already exists");
		}
		Instant now = this.clock.instant();
		Client client = new Client(clientId, draft.name(), now);
		client.getGrantTypes().addAll(draft.grantTypes());
		client.getAuthMethods().addAll(draft.authMethods());
		client.getScopes().addAll(draft.scopes());
		client.getDefaultScopes().addAll(orEmpty(draft.defaultScopes()));
		client.getAudiences().addAll(orEmpty(draft.audiences()));
		client.getRedirectUris().addAll(orEmpty(draft.redirectUris()));
		client.setAccessTokenTtlSeconds(draft.accessTokenTtlSeconds());
		client.setSecretTtlSeconds(draft.secretTtlSeconds());
		Instant expiresAt = null;
		if (secret != null) {
			expiresAt = now.plus(secretTtl(client));
			client.addSecret(this.hasher.hash(secret), now, expiresAt);
		}
		this.repository.save(client);
		this.directory.evict(clientId);
		return new IssuedSecret(clientId, secret, expiresAt);
	}

	private Duration secretTtl(Client client) {
		return (client.getSecretTtlSeconds() != null) ? Duration.ofSeconds(client.getSecretTtlSeconds())
				: this.defaultSecretTtl;
	}

	private static Set<String> orEmpty(Set<String> values) {
		return (values != null) ? values : new HashSet<>();
	}

}
