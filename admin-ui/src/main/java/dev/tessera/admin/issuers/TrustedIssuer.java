package dev.tessera.admin.issuers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A trusted issuer (a partner identity provider whose signed assertions clients may
 * exchange for tokens, RFC 7523) as {@code GET /admin/api/trusted-issuers} shows it.
 *
 * @param id its id
 * @param issuer the partner's issuer ({@code iss})
 * @param jwks its public keys, when registered inline
 * @param jwksUri where its public keys are fetched, when not inline
 * @param audiences the audiences its assertions must name
 * @param allowedClientIds the clients that may present its assertions
 * @param allowedScopes the most its assertions can obtain
 * @param maxAssertionLifetimeSeconds the longest assertion accepted
 * @param subjectPrefix prepended to the assertion's subject, or null
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrustedIssuer(String id, String issuer, Map<String, Object> jwks, String jwksUri, List<String> audiences,
		List<String> allowedClientIds, List<String> allowedScopes, int maxAssertionLifetimeSeconds,
		String subjectPrefix, Instant createdAt, Instant updatedAt) {

	public TrustedIssuer {
		audiences = (audiences != null) ? audiences : List.of();
		allowedClientIds = (allowedClientIds != null) ? allowedClientIds : List.of();
		allowedScopes = (allowedScopes != null) ? allowedScopes : List.of();
	}

}
