package dev.tessera.samples.resourceserver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * Builds a {@link NimbusJwtDecoder} that checks a Tessera access token the way RFC 9068
 * §4 asks a resource server to. Spring's generic defaults do not: they check no audience,
 * so a token minted for another API is accepted, and they want {@code typ} {@code JWT} or
 * none, so they take any JWT the same key signs and refuse {@code at+jwt}. Here:
 * <ul>
 * <li>the signature must use one of {@link #ALLOWED_ALGORITHMS} with a key from the JWK
 * Set, so {@code none}, HMAC ({@code HS*}, the "sign with the public key" confusion) and
 * unknown keys are refused before any claim is read;</li>
 * <li>the header {@code typ} must be {@code at+jwt} (or {@code application/at+jwt}),
 * checked by Nimbus while processing and again by Spring's RFC 9068 validator;</li>
 * <li>{@code iss} must be the configured issuer and {@code aud} must contain this API's
 * audience;</li>
 * <li>{@code exp} and {@code iat} must be present and {@code exp}/{@code nbf} current,
 * give or take a configured clock skew (60 s by default); {@code sub}, {@code jti} and
 * {@code client_id} must be present;</li>
 * <li>a certificate-bound token ({@code cnf.x5t#S256}) is accepted only over a TLS
 * connection with the matching client certificate.</li>
 * </ul>
 * The JWK Set is fetched on first use, not at start-up (so the API can start before
 * Tessera), and cached as {@link JwkSetCache} says: for a set time, refetched when a
 * token names a {@code kid} the cache does not know (so Tessera can rotate keys), with
 * the refetches rate-limited.
 */
public final class TesseraJwtDecoders {

	/** Algorithms Tessera signs with. Never {@code none}, never {@code HS*}. */
	public static final Set<SignatureAlgorithm> ALLOWED_ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.ES256, SignatureAlgorithm.PS256);

	/** The RFC 9068 access token type. */
	public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");

	private static final String JWKS_PATH = "/oauth2/jwks";

	private static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

	private TesseraJwtDecoders() {
	}

	/**
	 * A decoder with the default cache ({@link JwkSetCache#DEFAULTS}) and clock skew (60
	 * s).
	 * @param issuer the exact {@code iss} Tessera puts in its tokens
	 * @param jwkSetUri where to fetch Tessera's public keys, usually
	 * {@link #defaultJwkSetUri(String)}
	 * @param audience the audience this API is registered as, which a token's {@code aud}
	 * must contain
	 */
	public static NimbusJwtDecoder forIssuer(String issuer, String jwkSetUri, String audience) {
		return forIssuer(issuer, jwkSetUri, audience, JwkSetCache.DEFAULTS, DEFAULT_CLOCK_SKEW);
	}

	/**
	 * @param issuer the exact {@code iss} Tessera puts in its tokens
	 * @param jwkSetUri where to fetch Tessera's public keys, usually
	 * {@link #defaultJwkSetUri(String)}
	 * @param audience the audience this API is registered as, which a token's {@code aud}
	 * must contain
	 * @param cache how long the keys are trusted and how often they may be refetched
	 * @param clockSkew how far Tessera's clock may be from this one's
	 */
	public static NimbusJwtDecoder forIssuer(String issuer, String jwkSetUri, String audience, JwkSetCache cache,
			Duration clockSkew) {
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.hasText(jwkSetUri, "jwkSetUri must not be empty");
		Assert.hasText(audience, "audience must not be empty");
		Assert.notNull(cache, "cache must not be null");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(cache.source(jwkSetUri))
			.jwsAlgorithms((algorithms) -> {
				algorithms.clear();
				algorithms.addAll(ALLOWED_ALGORITHMS);
			})
			.jwtProcessorCustomizer((processor) -> processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<SecurityContext>(AT_JWT, APPLICATION_AT_JWT)))
			.build();
		decoder.setJwtValidator(validator(issuer, audience, clockSkew));
		return decoder;
	}

	/**
	 * Tessera serves its JWK Set at {@code <issuer>/oauth2/jwks}.
	 */
	public static String defaultJwkSetUri(String issuer) {
		Assert.hasText(issuer, "issuer must not be empty");
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		return base + JWKS_PATH;
	}

	static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration clockSkew) {
		OAuth2TokenValidator<Jwt> rfc9068 = JwtValidators.createAtJwtValidator()
			.issuer(issuer)
			.audience(audience)
			.validators((validators) -> {
				validators.put("client_id", new JwtClaimValidator<Object>("client_id",
						(value) -> value instanceof String id && !id.isBlank()));
				// the builder pairs these with a 60 s timestamp check; the one below,
				// with the configured skew, replaces it
				validators.put("exp", new JwtClaimValidator<Object>("exp", Objects::nonNull));
				validators.put("iat", new JwtClaimValidator<Object>("iat", Objects::nonNull));
			})
			.build();
		// createDefaultWithValidators adds Spring's check of certificate-bound tokens
		// (cnf x5t#S256, RFC 8705), which the RFC 9068 builder leaves out. Listing an
		// at+jwt type validator and a timestamp validator stops it from adding its
		// defaults (typ JWT only, 60 s skew).
		return JwtValidators
			.createDefaultWithValidators(List.of(new JwtTypeValidator(AT_JWT.getType(), APPLICATION_AT_JWT.getType()),
					new JwtTimestampValidator(clockSkew), rfc9068));
	}

}
