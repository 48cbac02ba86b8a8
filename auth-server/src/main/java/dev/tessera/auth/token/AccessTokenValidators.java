package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * The claim rules for this server's access tokens: Spring's RFC 9068 validator
 * ({@link JwtValidators#createAtJwtValidator()}: {@code typ} at+jwt, the required claims
 * {@code sub}, {@code iat}, {@code jti}, {@code client_id}, this issuer), with the
 * server's {@link Clock} and no skew for {@code exp}/{@code nbf} (the server checks its
 * own tokens: there is no other clock to forgive), an {@code exp} required, and the
 * audience rule of the caller. Where a refusal is one a caller acts on (the type, the
 * issuer, the time), its description says so in plain words.
 */
public final class AccessTokenValidators {

	private static final String CLIENT_ID = "client_id";

	static final String NOT_AN_ACCESS_TOKEN = "The token is not an access token of this server (its header typ is not at+jwt)";

	private AccessTokenValidators() {
	}

	/**
	 * @param audience the {@code aud} rule: {@link #anyAudience()} for introspection and
	 * revocation, {@link IssuerAudienceValidator} for the admin API
	 */
	public static OAuth2TokenValidator<Jwt> accessToken(String issuer, Clock clock,
			OAuth2TokenValidator<Jwt> audience) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		return JwtValidators.createAtJwtValidator().issuer(issuer).validators(rules -> {
			rules.put(JoseHeaderNames.TYP, described(rules.get(JoseHeaderNames.TYP), jwt -> NOT_AN_ACCESS_TOKEN));
			rules.put(JwtClaimNames.ISS, described(rules.get(JwtClaimNames.ISS),
					jwt -> "The token was issued by another issuer, not " + issuer));
			rules.put(JwtClaimNames.EXP, described(timestamps, jwt -> timeReason(jwt, clock.instant())));
			rules.put(JwtClaimNames.IAT, new JwtClaimValidator<>(JwtClaimNames.IAT, Objects::nonNull));
			rules.put(CLIENT_ID, new JwtClaimValidator<>(CLIENT_ID, Objects::nonNull)); // any
																						// client:
																						// checked
																						// next
			rules.put(JwtClaimNames.AUD, audience);
		}).build();
	}

	/**
	 * Any {@code aud}: introspection and revocation answer for tokens meant for any API.
	 */
	public static OAuth2TokenValidator<Jwt> anyAudience() {
		return jwt -> OAuth2TokenValidatorResult.success();
	}

	/** Keeps a validator's decision and replaces the description of its refusal. */
	static OAuth2TokenValidator<Jwt> described(OAuth2TokenValidator<Jwt> validator, Function<Jwt, String> reason) {
		return jwt -> {
			OAuth2TokenValidatorResult result = validator.validate(jwt);
			if (!result.hasErrors()) {
				return result;
			}
			OAuth2Error error = result.getErrors().iterator().next();
			return OAuth2TokenValidatorResult
				.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason.apply(jwt), error.getUri()));
		};
	}

	static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description,
				"https://datatracker.ietf.org/doc/html/rfc6750#section-3.1"));
	}

	private static String timeReason(Jwt jwt, Instant now) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return "The token has no expiry";
		}
		if (!now.isBefore(expiresAt)) {
			return "The token expired at " + expiresAt;
		}
		return "The token is not valid before " + jwt.getNotBefore();
	}

	/**
	 * The validators in order, stopping at the first refusal so no later check (a read)
	 * runs for nothing.
	 */
	static OAuth2TokenValidator<Jwt> inOrder(List<OAuth2TokenValidator<Jwt>> validators) {
		return jwt -> {
			for (OAuth2TokenValidator<Jwt> validator : validators) {
				OAuth2TokenValidatorResult result = validator.validate(jwt);
				if (result.hasErrors()) {
					return result;
				}
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

}
