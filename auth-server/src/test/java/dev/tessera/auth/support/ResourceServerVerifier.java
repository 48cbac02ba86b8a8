package dev.tessera.auth.support;

import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies tokens exactly as an outside resource server would: keys fetched from the JWKS
 * URL over HTTP, an algorithm allow-list, {@code typ: at+jwt}, issuer, audience and
 * expiry.
 */
public final class ResourceServerVerifier {

	private ResourceServerVerifier() {
	}

	public static NimbusJwtDecoder forIssuer(String issuer, String audience) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/oauth2/jwks")
			.jwsAlgorithms(algorithms -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
			.jwtProcessorCustomizer(processor -> processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"))))
			.build();
		// RFC 9068 §4: typ at+jwt, issuer, audience, expiry, and a client_id claim
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"),
				new JwtTimestampValidator(), new JwtIssuerValidator(issuer),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)),
				new JwtClaimValidator<String>("client_id", Objects::nonNull)));
		return decoder;
	}

}
