package dev.tessera.auth.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
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
 * expired. Used by introspection, revocation and the admin API.
 */
public class TokenVerifier {

	private final NimbusJwtDecoder decoder;

	public TokenVerifier(JWKSource<SecurityContext> jwkSource, String issuer) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SigningKeyGenerator.ALLOWED, jwkSource));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// issuer and time are checked by Spring's validators below
		});
		this.decoder = new NimbusJwtDecoder(processor);
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(java.time.Duration.ZERO),
				new JwtIssuerValidator(issuer)));
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

	/** The same checks as a {@link JwtDecoder}, for Spring's resource-server support. */
	public JwtDecoder asDecoder() {
		return this.decoder;
	}

}
