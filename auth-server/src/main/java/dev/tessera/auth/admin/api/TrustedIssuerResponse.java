package dev.tessera.auth.admin.api;

import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.tessera.auth.trust.TrustedIssuerRegistration;

/**
 * A trusted issuer as the admin API shows it: every field, {@code null} where a setting
 * is absent ({@code jwks} or {@code jwksUri}, {@code subjectPrefix}), lists sorted. The
 * inline keys are public keys, shown as registered.
 */
public record TrustedIssuerResponse(UUID id, String issuer, Map<String, Object> jwks, String jwksUri,
		Set<String> audiences, Set<String> allowedClientIds, Set<String> allowedScopes, int maxAssertionLifetimeSeconds,
		String subjectPrefix, Instant createdAt, Instant updatedAt) {

	static TrustedIssuerResponse of(TrustedIssuerRegistration registration) {
		return new TrustedIssuerResponse(registration.getId(), registration.getIssuer(), parse(registration.getJwks()),
				registration.getJwksUri(), new TreeSet<>(registration.getAudiences()),
				new TreeSet<>(registration.getAllowedClientIds()), new TreeSet<>(registration.getAllowedScopes()),
				registration.getMaxAssertionLifetimeSeconds(), registration.getSubjectPrefix(),
				registration.getCreatedAt(), registration.getUpdatedAt());
	}

	private static Map<String, Object> parse(String jwks) {
		if (jwks == null) {
			return null;
		}
		try {
			return JSONObjectUtils.parse(jwks);
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
