package dev.tessera.auth.trust;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A partner's identity provider whose signed assertions clients may exchange for access
 * tokens (the JWT-bearer grant, RFC 7523 §2.1), as the grant reads it: an immutable
 * snapshot, safe to cache and share between request threads.
 *
 * @param id the registration's id (the admin API's {@code {id}})
 * @param issuer the {@code iss} its assertions carry, compared exactly
 * @param jwks its keys inline (a JWK set as JSON), or null when fetched from
 * {@code jwksUri}
 * @param jwksUri where its keys are fetched (under the outbound rules), or null when
 * inline
 * @param audiences the {@code aud} values an assertion may carry (at least one must be
 * among them)
 * @param allowedClientIds the clients that may exchange its assertions
 * @param allowedScopes the most its assertions can be exchanged for
 * @param maxAssertionLifetime the longest {@code exp - iat} and {@code exp - now}
 * accepted
 * @param subjectPrefix put before the assertion's {@code sub} in the token, or null
 */
public record TrustedIssuer(UUID id, String issuer, String jwks, String jwksUri, List<String> audiences,
		Set<String> allowedClientIds, Set<String> allowedScopes, Duration maxAssertionLifetime, String subjectPrefix) {

	public TrustedIssuer {
		audiences = List.copyOf(audiences);
		allowedClientIds = Set.copyOf(allowedClientIds);
		allowedScopes = Set.copyOf(allowedScopes);
	}

	/** The token's {@code sub} for the assertion's subject. */
	public String tokenSubject(String assertionSubject) {
		return (this.subjectPrefix != null) ? this.subjectPrefix + assertionSubject : assertionSubject;
	}

	public boolean allowsClient(String clientId) {
		return this.allowedClientIds.contains(clientId);
	}

}
