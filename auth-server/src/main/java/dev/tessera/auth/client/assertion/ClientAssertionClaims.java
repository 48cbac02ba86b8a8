package dev.tessera.auth.client.assertion;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The claim rules of RFC 7523 §3 for a client assertion, as Tessera applies them, as
 * Spring {@link OAuth2TokenValidator}s for the client's {@code NimbusJwtDecoder}:
 * {@code iss} and {@code sub} are the client's id; {@code aud} is this server's issuer
 * identifier as a single JSON string, as the update of RFC 7523
 * (draft-ietf-oauth-rfc7523bis) requires against audience injection (an assertion a
 * client made for another server, naming that server's endpoints too, must not work
 * here): no endpoint URL, no trailing-slash variant, no array, not even one holding only
 * the issuer. For old clients an operator may also accept the token endpoint URL
 * ({@code tessera.client-assertions.accept-token-endpoint-audience}); in that mode a
 * one-element array of either value is accepted too. {@code exp} is present and not past;
 * the assertion is short-lived ({@code exp} at most {@code maxLifetime} ahead,
 * {@code iat} not in the future, and before {@code exp}); {@code nbf} is honoured;
 * {@code jti} is present. Every time comparison allows {@link #CLOCK_SKEW}.
 * <p>
 * Each rule fails with {@code invalid_client} and a description naming it; the validators
 * run in the order above, so the first error is the first rule broken.
 * <p>
 * Whether the assertion is used once is not decided here: the token response path records
 * its {@code jti} until {@link #rememberUntil}.
 */
public final class ClientAssertionClaims {

	/** How far clocks may differ in every time comparison. */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The {@code jti} column's width. */
	static final int MAX_JTI_LENGTH = 200;

	private final String issuer;

	/** The token endpoint URL when it is accepted as well (legacy mode), else null. */
	private final String tokenEndpoint;

	private final Duration maxLifetime;

	private final Clock clock;

	/**
	 * @param issuer this server's issuer identifier, the one accepted {@code aud}
	 * @param tokenEndpoint the token endpoint URL if old clients may name it instead,
	 * else null
	 * @param maxLifetime how far ahead of now an assertion's {@code exp} may be
	 */
	ClientAssertionClaims(String issuer, String tokenEndpoint, Duration maxLifetime, Clock clock) {
		this.issuer = issuer;
		this.tokenEndpoint = tokenEndpoint;
		this.maxLifetime = maxLifetime;
		this.clock = clock;
	}

	/** The rules for an assertion presented by this client. */
	OAuth2TokenValidator<Jwt> validatorFor(String clientId) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				rule((jwt) -> clientId.equals(jwt.getClaimAsString(JwtClaimNames.ISS))
						&& clientId.equals(jwt.getClaimAsString(JwtClaimNames.SUB)),
						"iss and sub must both be the client_id"),
				rule((jwt) -> isAcceptedAudience(rawAudience(jwt)),
						"aud must be this server's issuer identifier, as a single string"),
				this::checkTimes, ClientAssertionClaims::checkJti));
	}

	private OAuth2TokenValidatorResult checkTimes(Jwt jwt) {
		String problem = timeProblem(jwt.getExpiresAt(), jwt.getIssuedAt(), jwt.getNotBefore());
		return (problem != null) ? failure(problem) : OAuth2TokenValidatorResult.success();
	}

	/** The first time rule broken, or null. */
	private String timeProblem(Instant expiresAt, Instant issuedAt, Instant notBefore) {
		Instant now = this.clock.instant();
		if (expiresAt == null) {
			return "exp is required";
		}
		if (expiresAt.isBefore(now.minus(CLOCK_SKEW))) {
			return "the assertion has expired";
		}
		if (expiresAt.isAfter(now.plus(this.maxLifetime).plus(CLOCK_SKEW))) {
			return "exp is too far ahead: at most " + this.maxLifetime.toSeconds() + " s is allowed";
		}
		if (issuedAt != null && issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			return "iat is in the future";
		}
		if (notBefore != null && notBefore.isAfter(now.plus(CLOCK_SKEW))) {
			return "the assertion is not valid yet (nbf)";
		}
		return null;
	}

	private static OAuth2TokenValidatorResult checkJti(Jwt jwt) {
		String jti = jwt.getId();
		if (jti == null || jti.isBlank()) {
			return failure("jti is required");
		}
		if (jti.length() > MAX_JTI_LENGTH) {
			return failure("jti is longer than " + MAX_JTI_LENGTH + " characters");
		}
		if (jti.chars().anyMatch(Character::isISOControl)) {
			// PostgreSQL refuses a NUL in text: it would fail the shared audit batch, not
			// just this request
			return failure("jti contains control characters");
		}
		return OAuth2TokenValidatorResult.success();
	}

	/**
	 * Refuses, inside Nimbus's processing, an assertion whose {@code iat} is not before
	 * its {@code exp}: Spring cannot even build a {@link Jwt} of it (so no validator
	 * would see it), and no such assertion is valid. Named by the first time rule it
	 * breaks, if any.
	 */
	void checkTimeOrder(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
		Date issuedAt = claims.getIssueTime();
		Date expiresAt = claims.getExpirationTime();
		if (issuedAt != null && expiresAt != null && !expiresAt.after(issuedAt)) {
			String problem = timeProblem(expiresAt.toInstant(), issuedAt.toInstant(),
					(claims.getNotBeforeTime() != null) ? claims.getNotBeforeTime().toInstant() : null);
			String reason = (problem != null) ? problem : "iat must be before exp";
			throw new BadJWTException(reason, InvalidClientAssertion.because(reason));
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
	 * The {@code aud} member as the JSON payload has it (a string or a list): the parsed
	 * claims no longer tell a string from a one-element array.
	 */
	private static Object rawAudience(Jwt jwt) {
		String token = jwt.getTokenValue();
		int start = token.indexOf('.') + 1;
		int end = token.indexOf('.', start);
		try {
			Map<String, Object> payload = JSONObjectUtils
				.parse(new Base64URL(token.substring(start, end)).decodeToString());
			return payload.get(JwtClaimNames.AUD);
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Until when this (valid) assertion's {@code jti} must be remembered: its {@code exp}
	 * plus twice the allowed skew, on the database's clock. A node whose clock lags the
	 * database's by up to the skew still accepts the assertion until {@code exp} plus the
	 * skew on its own clock, which is {@code exp} plus twice the skew on the database's.
	 */
	public static Instant rememberUntil(Instant expiresAt) {
		return expiresAt.plus(CLOCK_SKEW.multipliedBy(2));
	}

	private static OAuth2TokenValidator<Jwt> rule(Predicate<Jwt> holds, String reason) {
		return (jwt) -> holds.test(jwt) ? OAuth2TokenValidatorResult.success() : failure(reason);
	}

	private static OAuth2TokenValidatorResult failure(String reason) {
		return OAuth2TokenValidatorResult.failure(InvalidClientAssertion.because(reason).getError());
	}

}
