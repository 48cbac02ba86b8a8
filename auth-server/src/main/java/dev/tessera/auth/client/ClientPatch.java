package dev.tessera.auth.client;

import java.util.Set;

/** A partial change to a client: null fields stay as they are. */
public record ClientPatch(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Integer accessTokenTtlSeconds, Integer secretTtlSeconds, String jwks, String jwksUri) {

	/** The draft the client would become. */
	ClientDraft applyTo(ClientDraft current) {
		return new ClientDraft(current.clientId(), pick(this.name, current.name()),
				pick(this.grantTypes, current.grantTypes()), pick(this.authMethods, current.authMethods()),
				pick(this.scopes, current.scopes()), pick(this.defaultScopes, current.defaultScopes()),
				pick(this.audiences, current.audiences()), pick(this.redirectUris, current.redirectUris()),
				pick(this.accessTokenTtlSeconds, current.accessTokenTtlSeconds()),
				pick(this.secretTtlSeconds, current.secretTtlSeconds()), pick(this.jwks, current.jwks()),
				pick(this.jwksUri, current.jwksUri()), current.tlsSubjectDn(), current.certificateBoundTokens());
	}

	private static <T> T pick(T change, T current) {
		return (change != null) ? change : current;
	}

}
