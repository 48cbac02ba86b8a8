package dev.tessera.auth.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.tessera.auth.client.Client;
import dev.tessera.auth.client.ClientSecret;

/**
 * What the reviews need to know of a registered client, taken from it once, so the rules
 * are plain functions of values.
 *
 * @param scopes the scopes it holds, sorted
 * @param authMethods its authentication methods, sorted
 * @param secretCreatedAt when its current secret (the newest) was issued; null for a
 * client without a secret
 * @param secretExpiresAt when its current secret stops working; null without a secret
 * @param rotationPeriod how long a secret of this client should live: its own secret
 * lifetime if it has one, else the server's ({@code tessera.clients.secret-ttl})
 */
public record ClientFacts(String clientId, String name, boolean enabled, Instant createdAt, List<String> scopes,
		List<String> authMethods, Instant secretCreatedAt, Instant secretExpiresAt, Duration rotationPeriod) {

	public ClientFacts {
		scopes = scopes.stream().sorted().toList();
		authMethods = authMethods.stream().sorted().toList();
	}

	public static ClientFacts of(Client client, Duration defaultSecretTtl) {
		Optional<ClientSecret> current = client.getSecrets()
			.stream()
			.max(Comparator.comparing(ClientSecret::getCreatedAt));
		Duration rotationPeriod = (client.getSecretTtlSeconds() != null)
				? Duration.ofSeconds(client.getSecretTtlSeconds()) : defaultSecretTtl;
		return new ClientFacts(client.getClientId(), client.getName(), client.isEnabled(), client.getCreatedAt(),
				List.copyOf(client.getScopes()), List.copyOf(client.getAuthMethods()),
				current.map(ClientSecret::getCreatedAt).orElse(null),
				current.map(ClientSecret::getExpiresAt).orElse(null), rotationPeriod);
	}

	public boolean hasSecret() {
		return this.secretCreatedAt != null;
	}

}
