package dev.tessera.samples.resourceserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Where this API's tokens come from and who they must be for, bound from {@code sample.*}
 * in {@code application.yml} (which reads {@code TESSERA_ISSUER},
 * {@code TESSERA_JWK_SET_URI} and {@code SAMPLE_AUDIENCE}). Nothing secret: a resource
 * server validating JWTs needs only public keys.
 *
 * @param issuer the exact {@code iss} of Tessera's tokens
 * @param jwkSetUri where to fetch Tessera's keys; empty means
 * {@code <issuer>/oauth2/jwks}
 * @param audience the audience this API is registered as in Tessera
 */
@ConfigurationProperties("sample")
public record ResourceServerProperties(String issuer, String jwkSetUri, String audience) {

	/**
	 * @return the configured JWK Set URI, or Tessera's default one for the issuer
	 */
	public String effectiveJwkSetUri() {
		return StringUtils.hasText(this.jwkSetUri) ? this.jwkSetUri : TesseraJwtDecoders.defaultJwkSetUri(this.issuer);
	}

}
