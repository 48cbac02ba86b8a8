package dev.tessera.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.problem.ConflictProblem;
import dev.tessera.auth.problem.NotFoundProblem;

import org.springframework.transaction.annotation.Transactional;

/**
 * Registers clients and issues their secrets: the one place a client secret exists in
 * clear, just long enough to be hashed and handed back once.
 */
public class ClientRegistrar {

	private final ClientRepository repository;

	private final ClientSecretHasher hasher;

	private final ClientDirectory directory;

	private final Clock clock;

	private final Duration defaultSecretTtl;

	private final CacheInvalidations invalidations;

	public ClientRegistrar(ClientRepository repository, ClientSecretHasher hasher, ClientDirectory directory,
			Clock clock, Duration defaultSecretTtl, CacheInvalidations invalidations) {
		this.invalidations = invalidations;
		this.repository = repository;
		this.hasher = hasher;
		this.directory = directory;
		this.clock = clock;
		this.defaultSecretTtl = defaultSecretTtl;
	}

	/**
	 * Registers the client; a generated secret is returned when it uses a secret method.
	 */
	@Transactional
	public IssuedSecret register(ClientDraft draft) {
		return register(draft, draft.usesSecret() ? ClientSecretGenerator.generate() : null);
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
			throw new ConflictProblem("A client with clientId '" + clientId + "' already exists");
		}
		Instant now = this.clock.instant();
		Client client = new Client(clientId, draft.name(), now);
		client.getGrantTypes().addAll(draft.grantTypes());
		client.getAuthMethods().addAll(draft.authMethods());
		client.getScopes().addAll(draft.scopes());
		client.getDefaultScopes().addAll(draft.defaultScopes());
		client.getAudiences().addAll(draft.audiences());
		client.getRedirectUris().addAll(draft.redirectUris());
		client.setAccessTokenTtlSeconds(draft.accessTokenTtlSeconds());
		client.setSecretTtlSeconds(draft.secretTtlSeconds());
		client.setJwks(draft.jwks());
		client.setJwksUri(draft.jwksUri());
		client.setTlsIdentity(draft.tls());
		client.setCertificateBoundTokens(draft.certificateBoundTokens());
		client.setFirstParty(draft.personFlow().firstParty());
		client.getPostLogoutRedirectUris().addAll(draft.personFlow().postLogoutRedirectUris());
		client.setRefreshTokenIdleSeconds(draft.personFlow().refreshTokenIdleSeconds());
		client.setRefreshTokenAbsoluteSeconds(draft.personFlow().refreshTokenAbsoluteSeconds());
		client.setTokenQuota(draft.tokenQuota());
		Instant expiresAt = null;
		if (secret != null) {
			expiresAt = now.plus(secretTtl(client));
			client.addSecret(this.hasher.hash(secret), now, expiresAt);
		}
		this.repository.save(client);
		ClientDirectoryEviction.evict(this.directory, this.invalidations, clientId);
		return new IssuedSecret(clientId, secret, expiresAt);
	}

	/**
	 * Issues a new secret. The client's older secrets keep working for {@code grace} at
	 * most (never longer than they would have anyway); only the newest of them survives,
	 * so a client never holds more than two live secrets. Without grace the old secret
	 * stops at once, and the tokens issued until now stop with it (see
	 * {@link TokensNotBefore}).
	 */
	@Transactional
	public IssuedSecret rotateSecret(String clientId, Duration grace) {
		Client client = this.repository.findByClientId(clientId)
			.orElseThrow(() -> new NotFoundProblem("No client '" + clientId + "'"));
		if (!ClientDraft.of(client).usesSecret()) {
			throw new ConflictProblem("Client '" + clientId + "' does not authenticate with a client secret");
		}
		Instant now = this.clock.instant();
		Instant graceEnd = now.plus(grace);
		client.getSecrets().removeIf(secret -> grace.isZero() || !secret.getExpiresAt().isAfter(now));
		client.getSecrets()
			.stream()
			.max(Comparator.comparing(ClientSecret::getCreatedAt))
			.ifPresent(newest -> client.getSecrets().removeIf(secret -> secret != newest));
		client.getSecrets().forEach(secret -> {
			if (secret.getExpiresAt().isAfter(graceEnd)) {
				secret.expireAt(graceEnd);
			}
		});
		if (grace.isZero()) {
			client.revokeTokensIssuedBefore(now); // the old secret is cut off, and so is
													// what it obtained
		}
		IssuedSecret issued = addSecret(client, now);
		client.touch(now);
		ClientDirectoryEviction.evict(this.directory, this.invalidations, clientId);
		return issued;
	}

	/**
	 * Adds a freshly generated secret to the client, for the caller to store and hand
	 * back once.
	 */
	IssuedSecret addSecret(Client client, Instant now) {
		String secret = ClientSecretGenerator.generate();
		Instant expiresAt = now.plus(secretTtl(client));
		client.addSecret(this.hasher.hash(secret), now, expiresAt);
		return new IssuedSecret(client.getClientId(), secret, expiresAt);
	}

	private Duration secretTtl(Client client) {
		return (client.getSecretTtlSeconds() != null) ? Duration.ofSeconds(client.getSecretTtlSeconds())
				: this.defaultSecretTtl;
	}

}
