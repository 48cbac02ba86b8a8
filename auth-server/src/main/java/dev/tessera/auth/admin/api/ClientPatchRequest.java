package dev.tessera.auth.admin.api;

import java.util.Map;
import java.util.Set;

import dev.tessera.auth.client.ClientPatch;

/** {@code PATCH /admin/api/clients/{clientId}}: the fields to change; absent fields stay. */
public record ClientPatchRequest(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Map<String, Object> jwks, String jwksUri, Integer accessTokenTtlSeconds, Integer secretTtlSeconds) {

	ClientPatch toPatch() {
		return new ClientPatch(this.name, this.enabled, this.grantTypes, this.authMethods, this.scopes,
				this.defaultScopes, this.audiences, this.redirectUris, this.accessTokenTtlSeconds,
				this.secretTtlSeconds, ClientRequest.jwksJson(this.jwks), this.jwksUri);
	}

}
