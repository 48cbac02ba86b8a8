package dev.tessera.auth.client.assertion;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The claim rules of RFC 7523 §3 for a client assertion, as Tessera applies them:
 * {@code iss} and {@code sub} are the client's id; {@code aud} is this server's issuer
 * identifier as a single JSON string, as the update of RFC 7523
 * (draft-ietf-oauth-rfc7523bis) requires against audience injection (an assertion a
 * client made for another server, naming that server's endpoints too, must not work
 * here): no endpoint URL, no trailing-slash variant, no array, not even one holding
 * only the issuer. For old clients an operator may also accept the token endpoint URL
 * ({@code tessera.client-assertions.accept-token-endpoint-audience}); in that mode a
 * one-element array of either value is accepted too. {@code exp} is present and not
 * past; the assertion is short-lived ({@code exp} at most {@code maxLifetime} ahead,
 * {@code iat} not in the future, and before {@code exp}); {@code nbf} is honoured; {@code jti} is present. Every
 * time comparison allows {@link #CLOCK_SKEW}.
 */
final class ClientAssertionClaims {

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The {@code jti} column's width. */
	static final int MAX_JTI_LENGTH = 200;

	private final String issuer;

	/** The token endpoint URL when it is accepted as well (legacy mode), else null. */
	private final String tokenEndpoint;

	private final Duration maxLifetime;

	/**
	 * @param issuer this server's issuer identifier, the one accepted {@code aud}
	 * @param acceptTokenEndpoint whether old clients may name the token endpoint URL
	 * instead
	 */
	ClientAssertionClaims(String issuer, Duration maxLifetime, boolean acceptTokenEndpoint) {
		this.issuer = issuer;
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		this.tokenEndpoint = acceptTokenEndpoint ? base + "/oauth2/token" : null;
		this.maxLifetime = maxLifetime;
	}

	/**
	 * Checks the claims for this client at this instant.
	 * @param rawAudience the {@code aud} member as the JSON payload has it (a string or
	 * a list), since the parsed claims no longer tell a string from a one-element array
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * ({@code invalid_client}) naming the first rule broken
	 */
	void check(JWTClaimsSet claims, Object rawAudience, String clientId, Instant now) {
		if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
			throw InvalidClientAssertion.because("iss and sub must both be the client_id");
		}
		if (!isAcceptedAudience(rawAudience)) {
			throw InvalidClientAssertion.because("aud must be this server's issuer identifier, as a single string");
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
		if (issuedAt != null && !expiresAt.isAfter(issuedAt)) {
			throw InvalidClientAssertion.because("exp must be after iat");
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

	private boolean isAcceptedAudience(Object audience) {
		if (audience instanceof String single) {
			return isAcceptedValue(single);
		}
		if (this.tokenEndpoint != null && audience instanceof List<?> list && list.size() == 1
				&& list.get(0) instanceof String single) {
			return isAcceptedValue(single);
		}
		return false;
	}

	private boolean isAcceptedValue(String audience) {
		return audience.equals(this.issuer) || audience.equals(this.tokenEndpoint);
	}

	/**
	 * Until when this (valid) assertion's {@code jti} must be remembered: its {@code exp}
	 * plus twice the allowed skew, on the database's clock. A node whose clock lags the
	 * database's by up to the skew still accepts the assertion until {@code exp} plus the
	 * skew on its own clock, which is {@code exp} plus twice the skew on the database's.
	 */
	static Instant rememberUntil(JWTClaimsSet claims) {
		return rememberUntil(claims.getExpirationTime().toInstant());
	}

	/** {@link #rememberUntil(JWTClaimsSet)} from the assertion's {@code exp}. */
	static Instant rememberUntil(Instant expiresAt) {
		return expiresAt.plus(CLOCK_SKEW.multipliedBy(2));
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
