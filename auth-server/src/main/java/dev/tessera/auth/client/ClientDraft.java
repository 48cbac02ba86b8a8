package dev.tessera.auth.client;

import java.util.Set;

import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * A client as a caller describes it, for registration or as the state a change would
 * leave behind ({@link ClientRules} checks it). {@code clientId} may be null on
 * registration (one is generated). {@code tls} is the certificate identity of a
 * {@code tls_client_auth} client ({@link TlsClientIdentity#NONE} when null). The settings
 * of a client acting for a person are grouped in {@link PersonFlowSettings}
 * ({@link PersonFlowSettings#NONE} when null), so that machine clients are built with the
 * shorter constructors. {@code tokenQuota} caps the access tokens it gets per hour and
 * day ({@link TokenQuota#NONE}, no limit, when null).
 */
public record ClientDraft(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Integer accessTokenTtlSeconds, Integer secretTtlSeconds, String jwks, String jwksUri, TlsClientIdentity tls,
		boolean certificateBoundTokens, PersonFlowSettings personFlow, TokenQuota tokenQuota) {

	public ClientDraft {
		tokenQuota = (tokenQuota != null) ? tokenQuota : TokenQuota.NONE;
		tls = (tls != null) ? tls : TlsClientIdentity.NONE;
		personFlow = (personFlow != null) ? personFlow : PersonFlowSettings.NONE;
		grantTypes = orEmpty(grantTypes, "grantTypes");
		authMethods = orEmpty(authMethods, "authMethods");
		scopes = orEmpty(scopes, "scopes");
		defaultScopes = orEmpty(defaultScopes, "defaultScopes");
		audiences = orEmpty(audiences, "audiences");
		redirectUris = orEmpty(redirectUris, "redirectUris");
	}

	/** A client without a token quota. */
	public ClientDraft(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Integer accessTokenTtlSeconds, Integer secretTtlSeconds, String jwks, String jwksUri, TlsClientIdentity tls,
			boolean certificateBoundTokens, PersonFlowSettings personFlow) {
		this(clientId, name, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, jwks, jwksUri, tls, certificateBoundTokens, personFlow,
				TokenQuota.NONE);
	}

	/** A client that does not act for a person. */
	public ClientDraft(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Integer accessTokenTtlSeconds, Integer secretTtlSeconds, String jwks, String jwksUri, TlsClientIdentity tls,
			boolean certificateBoundTokens) {
		this(clientId, name, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, jwks, jwksUri, tls, certificateBoundTokens,
				PersonFlowSettings.NONE);
	}

	/** A client without public keys or certificates. */
	public ClientDraft(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Integer accessTokenTtlSeconds, Integer secretTtlSeconds) {
		this(clientId, name, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, null, null, null, false);
	}

	/** A confidential client-credentials client with a secret (basic and post). */
	public static ClientDraft clientCredentials(String clientId, String name, Set<String> scopes,
			Set<String> defaultScopes, Set<String> audiences) {
		return new ClientDraft(clientId, name, Set.of("client_credentials"),
				Set.of("client_secret_basic", "client_secret_post"), scopes, defaultScopes, audiences, Set.of(), null,
				null);
	}

	/** The draft describing a stored client, for checking a change against the rules. */
	public static ClientDraft of(Client client) {
		return new ClientDraft(client.getClientId(), client.getName(), Set.copyOf(client.getGrantTypes()),
				Set.copyOf(client.getAuthMethods()), Set.copyOf(client.getScopes()),
				Set.copyOf(client.getDefaultScopes()), Set.copyOf(client.getAudiences()),
				Set.copyOf(client.getRedirectUris()), client.getAccessTokenTtlSeconds(), client.getSecretTtlSeconds(),
				client.getJwks(), client.getJwksUri(), client.getTlsIdentity(), client.isCertificateBoundTokens(),
				PersonFlowSettings.of(client), TokenQuota.of(client));
	}

	public boolean usesSecret() {
		return this.authMethods.contains("client_secret_basic") || this.authMethods.contains("client_secret_post");
	}

	static Set<String> orEmpty(Set<String> values, String field) {
		if (values == null) {
			return Set.of();
		}
		if (values.stream().anyMatch(java.util.Objects::isNull)) {
			throw new InvalidInputProblem(field, "must not contain null");
		}
		return Set.copyOf(values);
	}

}
