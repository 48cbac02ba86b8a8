package dev.tessera.auth.token;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tessera.auth.key.SigningKeyGenerator;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies Tessera's own access tokens the way a careful resource server would:
 * {@code typ: at+jwt}, an allowed algorithm, a currently published key, this issuer, not
 * expired. Used by introspection, revocation and the admin API. When a token fails,
 * {@link #explain} says why in words a caller can act on, without repeating any part
 * of the token but its public claims.
 */
public class TokenVerifier {

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private final NimbusJwtDecoder decoder;

	private final JWKSource<SecurityContext> jwkSource;

	private final String issuer;

	private final Clock clock;

	public TokenVerifier(JWKSource<SecurityContext> jwkSource, String issuer, Clock clock) {
		this.jwkSource = jwkSource;
		this.issuer = issuer;
		this.clock = clock;
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AT_JWT));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SigningKeyGenerator.ALLOWED, jwkSource));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// issuer and time are checked by Spring's validators below
		});
		this.decoder = new NimbusJwtDecoder(processor);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer)));
	}

	/** The verified token, or null when it is not a valid, current token of this server. */
	public Jwt verify(String token) {
		try {
			return this.decoder.decode(token);
		}
		catch (JwtException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Why {@link #verify} refused the token, as a sentence fit for RFC 6750's
	 * {@code error_description}. Only called once a token has failed, so the hot path
	 * pays nothing for it.
	 */
	public String explain(String token) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			return "The token is not a signed JWT";
		}
		if (!AT_JWT.equals(jwt.getHeader().getType())) {
			return "The token is not an access token of this server (its header typ is not at+jwt)";
		}
		if (!SigningKeyGenerator.ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
			return "The token is signed with an algorithm this server does not use";
		}
		List<JWK> keys = keys(jwt.getHeader().getKeyID());
		if (keys.isEmpty()) {
			return "The token is signed by a key this server does not publish: revoked, retired or unknown";
		}
		if (!verifiesWithAny(jwt, keys)) {
			return "The token's signature does not verify";
		}
		if (!this.issuer.equals(claims.getIssuer())) {
			return "The token was issued by another issuer, not " + this.issuer;
		}
		Date exp = claims.getExpirationTime();
		Instant now = this.clock.instant();
		if (exp == null) {
			return "The token has no expiry";
		}
		if (!exp.toInstant().isAfter(now)) {
			return "The token expired at " + exp.toInstant();
		}
		Date nbf = claims.getNotBeforeTime();
		if (nbf != null && nbf.toInstant().isAfter(now)) {
			return "The token is not valid before " + nbf.toInstant();
		}
		return "The token is not a valid, current token of this server";
	}

	private List<JWK> keys(String kid) {
		if (kid == null) {
			return List.of();
		}
		try {
			return this.jwkSource.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
		}
		catch (KeySourceException ex) {
			return List.of();
		}
	}

	private static boolean verifiesWithAny(SignedJWT jwt, List<JWK> keys) {
		for (JWK key : keys) {
			try {
				if (key instanceof AsymmetricJWK asymmetric) {
					Key publicKey = asymmetric.toPublicKey();
					JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey);
					if (jwt.verify(verifier)) {
						return true;
					}
				}
			}
			catch (JOSEException | RuntimeException ex) {
				// a key of another type: try the next
			}
		}
		return false;
	}

	/** The same checks as a {@link JwtDecoder}, for Spring's resource-server support. */
	public JwtDecoder asDecoder() {
		return this.decoder;
	}

}
