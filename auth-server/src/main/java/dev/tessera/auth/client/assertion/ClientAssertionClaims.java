package dev.tessera.auth.client.assertion;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The claim rules of RFC 7523 §3 for a client assertion, as Tessera applies them:
 * {@code iss} and {@code sub} are the client's id; {@code aud} names this server (its
 * issuer, or the token, introspection or revocation endpoint, which the same client
 * authentication protects); {@code exp} is present and not past; the assertion is
 * short-lived ({@code exp} at most {@code maxLifetime} ahead, {@code iat} not in the
 * future); {@code nbf} is honoured; {@code jti} is present. Every time comparison allows
 * {@link #CLOCK_SKEW}.
 */
final class ClientAssertionClaims {

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The {@code jti} column's width. */
	static final int MAX_JTI_LENGTH = 200;

	private final Set<String> audiences;

	private final Duration maxLifetime;

	ClientAssertionClaims(String issuer, Duration maxLifetime) {
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		this.audiences = Set.of(base, base + "/", base + "/oauth2/token", base + "/oauth2/introspect",
				base + "/oauth2/revoke");
		this.maxLifetime = maxLifetime;
	}

	/**
	 * Checks the claims for this client at this instant.
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * ({@code invalid_client}) naming the first rule broken
	 */
	void check(JWTClaimsSet claims, String clientId, Instant now) {
		if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
			throw InvalidClientAssertion.because("iss and sub must both be the client_id");
		}
		List<String> audience = claims.getAudience();
		if (audience == null || audience.stream().noneMatch(this.audiences::contains)) {
			throw InvalidClientAssertion.because("aud must name this authorization server");
		}
		Instant expiresAt = instant(claims.getExpirationTime());
		if (expiresAt == null) {
			throw InvalidClientAssertion.because("exp is required");
		}
		if (expiresAt.isBefore(now.minus(CLOCK_SKEW))) {
			throw InvalidClientAssertion.because("the assertion has expired");
		}
		if (expiresAt.isAfter(now.plus(this.maxLifetime).plus(CLOCK_SKEW))) {
			throw InvalidClientAssertion
				.because("exp is too far ahead: at most " + this.maxLifetime.toSeconds() + " s is allowed");
		}
		Instant issuedAt = instant(claims.getIssueTime());
		if (issuedAt != null && issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			throw InvalidClientAssertion.because("iat is in the future");
		}
		Instant notBefore = instant(claims.getNotBeforeTime());
		if (notBefore != null && notBefore.isAfter(now.plus(CLOCK_SKEW))) {
			throw InvalidClientAssertion.because("the assertion is not valid yet (nbf)");
		}
		String jti = claims.getJWTID();
		if (jti == null || jti.isBlank()) {
			throw InvalidClientAssertion.because("jti is required");
		}
		if (jti.length() > MAX_JTI_LENGTH) {
			throw InvalidClientAssertion.because("jti is longer than " + MAX_JTI_LENGTH + " characters");
		}
		if (jti.chars().anyMatch(Character::isISOControl)) {
			// PostgreSQL refuses a NUL in text: it would fail the shared audit batch, not just this request
			throw InvalidClientAssertion.because("jti contains control characters");
		}
	}

	/** Until when this (valid) assertion could be accepted: remember its jti that long. */
	static Instant acceptableUntil(JWTClaimsSet claims) {
		return claims.getExpirationTime().toInstant().plus(CLOCK_SKEW);
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
