package dev.tessera.auth.trust;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * A trusted issuer as an admin describes it, for a registration or as the state a change
 * would leave behind; {@link TrustedIssuerRules} checks it once {@link #withDefaults} has
 * filled in what the admin left out.
 *
 * @param issuer the partner's {@code iss}
 * @param jwks its keys inline, as JWK set JSON text, or null
 * @param jwksUri where its keys are fetched, or null
 * @param audiences the accepted {@code aud} values; empty means the defaults
 * @param allowedClientIds the clients that may exchange its assertions
 * @param allowedScopes the most its assertions can be exchanged for
 * @param maxAssertionLifetimeSeconds the longest assertion lifetime, or null for the
 * default
 * @param subjectPrefix put before partner subjects, or null
 */
public record TrustedIssuerDraft(String issuer, String jwks, String jwksUri, Set<String> audiences,
		Set<String> allowedClientIds, Set<String> allowedScopes, Integer maxAssertionLifetimeSeconds,
		String subjectPrefix) {

	/** What {@code maxAssertionLifetimeSeconds} is when an admin gives none. */
	public static final int DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS = 300;

	public TrustedIssuerDraft {
		audiences = orEmpty(audiences, "audiences");
		allowedClientIds = orEmpty(allowedClientIds, "allowedClientIds");
		allowedScopes = orEmpty(allowedScopes, "allowedScopes");
	}

	/** The draft describing a stored registration, for applying a change to it. */
	static TrustedIssuerDraft of(TrustedIssuerRegistration stored) {
		return new TrustedIssuerDraft(stored.getIssuer(), stored.getJwks(), stored.getJwksUri(),
				Set.copyOf(stored.getAudiences()), Set.copyOf(stored.getAllowedClientIds()),
				Set.copyOf(stored.getAllowedScopes()), stored.getMaxAssertionLifetimeSeconds(),
				stored.getSubjectPrefix());
	}

	/**
	 * This draft with the defaults for what it leaves out: no audiences means
	 * {@code defaultAudiences} (this server's issuer identifier and token endpoint URL),
	 * no lifetime means {@value #DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS} seconds.
	 */
	public TrustedIssuerDraft withDefaults(List<String> defaultAudiences) {
		return new TrustedIssuerDraft(this.issuer, this.jwks, this.jwksUri,
				this.audiences.isEmpty() ? Set.copyOf(defaultAudiences) : this.audiences, this.allowedClientIds,
				this.allowedScopes, (this.maxAssertionLifetimeSeconds != null) ? this.maxAssertionLifetimeSeconds
						: DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS,
				this.subjectPrefix);
	}

	private static Set<String> orEmpty(Set<String> values, String field) {
		if (values == null) {
			return Set.of();
		}
		if (values.stream().anyMatch(Objects::isNull)) {
			throw new InvalidInputProblem(field, "must not contain null");
		}
		return Set.copyOf(values);
	}

}
