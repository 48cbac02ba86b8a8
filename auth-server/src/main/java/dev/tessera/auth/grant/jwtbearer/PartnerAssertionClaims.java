package dev.tessera.auth.grant.jwtbearer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

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

	private final Clock clock;

	private final Duration skew;

	public PartnerAssertionClaims(Clock clock, Duration skew) {
		this.clock = clock;
		this.skew = skew;
	}

	/** The allowed clock skew. */
	Duration skew() {
		return this.skew;
	}

	/**
	 * The first rule this assertion breaks, or null when it keeps them all.
	 */
	String problemWith(JWTClaimsSet claims, TrustedIssuer issuer) {
		List<String> audience = claims.getAudience();
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
