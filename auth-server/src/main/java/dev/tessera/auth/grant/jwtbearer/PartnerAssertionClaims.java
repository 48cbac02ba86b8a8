package dev.tessera.auth.grant.jwtbearer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.tessera.auth.trust.TrustedIssuer;

/**
 * The claim rules of RFC 7523 §3 for a partner's assertion, as Tessera applies them, each
 * failing with a description naming it, in this order: {@code aud} holds at least one of
 * the issuer's accepted audiences (a string or an array); {@code exp} is present and not
 * past; the assertion is short-lived ({@code exp - iat} and {@code exp - now} at most the
 * issuer's maximum); {@code iat} is not in the future; {@code nbf} is honoured;
 * {@code sub} and {@code jti} are present and fit. Every time comparison allows the
 * configured clock skew. ({@code iss} chose the issuer and the signature was checked
 * before these run.)
 */
public final class PartnerAssertionClaims {

	/**
	 * The widest {@code sub} and {@code jti} accepted (the columns' and claims' room).
	 */
	static final int MAX_ID_LENGTH = 200;

	/** The last second of the year 9999: no honest assertion's time is later. */
	static final double MAX_NUMERIC_DATE = 253_402_300_799d;

	private final Clock clock;

	private final Duration skew;

	/** The widest clock skew that may be configured. */
	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	/**
	 * @param skew how far clocks may differ, 0 to {@link #MAX_SKEW}
	 */
	public PartnerAssertionClaims(Clock clock, Duration skew) {
		if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
			throw new IllegalArgumentException("tessera.jwt-bearer.clock-skew must be between 0 and "
					+ MAX_SKEW.toMinutes() + " minutes, not " + skew);
		}
		this.clock = clock;
		this.skew = skew;
	}

	/**
	 * The first rule this assertion breaks, or null when it keeps them all.
	 */
	String problemWith(JWTClaimsSet claims, TrustedIssuer issuer) {
		List<String> audience = claims.getAudience().stream().filter(Objects::nonNull).toList();
		if (audience.isEmpty()) {
			return "aud is required";
		}
		if (audience.stream().noneMatch(issuer.audiences()::contains)) {
			return "aud does not name this server as the trusted issuer's accepted audiences do";
		}
		Instant now = this.clock.instant();
		Instant expiresAt = instant(claims.getExpirationTime());
		if (expiresAt == null) {
			return "exp is required";
		}
		if (expiresAt.isBefore(now.minus(this.skew))) {
			return "the assertion has expired (exp)";
		}
		Duration max = issuer.maxAssertionLifetime();
		Instant issuedAt = instant(claims.getIssueTime());
		if (issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(max) > 0) {
			return "the assertion lives too long: exp - iat is over the " + max.toSeconds()
					+ " s the trusted issuer allows";
		}
		if (Duration.between(now, expiresAt).compareTo(max.plus(this.skew)) > 0) {
			return "exp is too far ahead: at most " + max.toSeconds() + " s is allowed";
		}
		if (issuedAt != null && issuedAt.isAfter(now.plus(this.skew))) {
			return "iat is in the future";
		}
		Instant notBefore = instant(claims.getNotBeforeTime());
		if (notBefore != null && notBefore.isAfter(now.plus(this.skew))) {
			return "the assertion is not valid yet (nbf)";
		}
		String idProblem = idProblem("sub", claims.getSubject());
		return (idProblem != null) ? idProblem : idProblem("jti", claims.getJWTID());
	}

	/**
	 * Whether the assertion's times are NumericDates a clock can hold: Nimbus multiplies
	 * them into a {@code long} of milliseconds, so a value of 10^30 would wrap around
	 * into some other instant instead of being refused.
	 * @param payload the claims as the JSON payload has them
	 */
	String numericDateProblem(Map<String, Object> payload) {
		for (String claim : List.of("exp", "iat", "nbf")) {
			if (payload.get(claim) instanceof Number value
					&& (value.doubleValue() < 0 || value.doubleValue() > MAX_NUMERIC_DATE)) {
				return claim + " is not a valid NumericDate";
			}
		}
		return null;
	}

	/**
	 * Until when this (valid) assertion's {@code jti} must be remembered, on the
	 * database's clock: its {@code exp} plus twice the skew (a node lagging the database
	 * by the skew still accepts it until {@code exp} plus the skew on its own clock).
	 */
	Instant rememberUntil(Instant expiresAt) {
		return expiresAt.plus(this.skew.multipliedBy(2));
	}

	private static String idProblem(String claim, String value) {
		if (value == null || value.isBlank()) {
			return claim + " is required";
		}
		if (value.length() > MAX_ID_LENGTH) {
			return claim + " is longer than " + MAX_ID_LENGTH + " characters";
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			return claim + " contains control characters";
		}
		return null;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
