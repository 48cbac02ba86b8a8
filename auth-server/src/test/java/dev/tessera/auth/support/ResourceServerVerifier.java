package dev.tessera.auth.support;

import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies tokens exactly as an outside resource server would: keys fetched from the
 * JWKS URL over HTTP, an algorithm allow-list, {@code typ: at+jwt}, issuer, audience
 * and expiry.
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
		// Spring Security 7's RFC 9068 validator: typ at+jwt, issuer, audience, expiry
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(audience).build());
		return decoder;
	}

}
