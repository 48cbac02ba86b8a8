package dev.tessera.auth.admin.api;

import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.tessera.auth.client.ClientDraft;

/** {@code POST /admin/api/clients}: the client to register. */
public record ClientRequest(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Map<String, Object> jwks, String jwksUri, String tlsSubjectDn, Boolean certificateBoundTokens,
		Integer accessTokenTtlSeconds, Integer secretTtlSeconds) {

	ClientDraft toDraft() {
		return new ClientDraft(this.clientId, this.name, this.grantTypes, this.authMethods, this.scopes,
				this.defaultScopes, this.audiences, this.redirectUris, this.accessTokenTtlSeconds,
				this.secretTtlSeconds, jwksJson(this.jwks), this.jwksUri, this.tlsSubjectDn,
				Boolean.TRUE.equals(this.certificateBoundTokens));
	}

	static String jwksJson(Map<String, Object> jwks) {
		return (jwks != null) ? JSONObjectUtils.toJSONString(jwks) : null;
	}

}
