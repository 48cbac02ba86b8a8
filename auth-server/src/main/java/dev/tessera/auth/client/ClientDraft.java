package dev.tessera.auth.client;

import java.util.Set;

/**
 * What a caller asks for when registering a client. {@code clientId} may be null (one
 * is generated).
 */
public record ClientDraft(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Integer accessTokenTtlSeconds, Integer secretTtlSeconds) {

	/** A confidential client-credentials client with a secret (basic and post). */
	public static ClientDraft clientCredentials(String clientId, String name, Set<String> scopes,
			Set<String> defaultScopes, Set<String> audiences) {
		return new ClientDraft(clientId, name, Set.of("client_credentials"),
				Set.of("client_secret_basic", "client_secret_post"), scopes, defaultScopes, audiences, Set.of(), null,
				null);
	}

}
