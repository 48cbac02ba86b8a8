package dev.tessera.auth.admin.api;

import java.util.Map;
import java.util.Set;

import dev.tessera.auth.trust.TrustedIssuerDraft;

/** {@code POST /admin/api/trusted-issuers}: the partner identity provider to trust. */
public record TrustedIssuerRequest(String issuer, Map<String, Object> jwks, String jwksUri, Set<String> audiences,
		Set<String> allowedClientIds, Set<String> allowedScopes, Integer maxAssertionLifetimeSeconds,
		String subjectPrefix) {

	TrustedIssuerDraft toDraft() {
		return new TrustedIssuerDraft(this.issuer, ClientRequest.jwksJson(this.jwks), this.jwksUri, this.audiences,
				this.allowedClientIds, this.allowedScopes, this.maxAssertionLifetimeSeconds, this.subjectPrefix);
	}

}
