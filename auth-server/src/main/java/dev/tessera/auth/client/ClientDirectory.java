package dev.tessera.auth.client;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registered clients served from a per-node cache in front of PostgreSQL, so a token
 * request reads no table. Entries live for {@code tessera.clients.cache-ttl}; a change
 * made through this node evicts at once ({@link #evict}), and other nodes see it when
 * their entry expires.
 */
public class ClientDirectory {

	private final ClientRepository repository;

	private final RegisteredClientMapper mapper;

	private final TransactionTemplate readOnly;

	private final Cache<String, Optional<ClientRecord>> byClientId;

	private final Cache<String, Optional<String>> clientIdById;

	public ClientDirectory(ClientRepository repository, RegisteredClientMapper mapper, TransactionTemplate readOnly,
			Duration ttl) {
		this.repository = repository;
		this.mapper = mapper;
		this.readOnly = readOnly;
		this.byClientId = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(50_000).build();
		this.clientIdById = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(50_000).build();
	}

	/** The client with this {@code client_id}, enabled or not; empty if there is none. */
	public Optional<ClientRecord> findByClientId(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > 100
				|| clientId.chars().anyMatch(Character::isISOControl)) {
			return Optional.empty(); // no such client can exist, and PostgreSQL refuses a NUL
		}
		return this.byClientId.get(clientId, this::load);
	}

	/** The client with this internal id (Spring's {@code RegisteredClient.getId()}). */
	public Optional<ClientRecord> findById(String id) {
		Optional<String> clientId = this.clientIdById.get(id, this::loadClientId);
		return clientId.flatMap(this::findByClientId);
	}

	public void evict(String clientId) {
		this.byClientId.invalidate(clientId);
	}

	public void evictAll() {
		this.byClientId.invalidateAll();
		this.clientIdById.invalidateAll();
	}

	private Optional<ClientRecord> load(String clientId) {
		return this.readOnly.execute(status -> this.repository.findByClientId(clientId).map(this::toRecord));
	}

	private Optional<String> loadClientId(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.readOnly.execute(status -> this.repository.findById(uuid).map(Client::getClientId));
	}

	private ClientRecord toRecord(Client client) {
		return new ClientRecord(this.mapper.toRegisteredClient(client), client.isEnabled(),
				client.getSecrets().stream()
					.map(secret -> new ClientRecord.StoredSecret(secret.getSecretHash(), secret.getExpiresAt()))
					.toList(),
				client.getJwks(), client.getJwksUri());
	}

}
