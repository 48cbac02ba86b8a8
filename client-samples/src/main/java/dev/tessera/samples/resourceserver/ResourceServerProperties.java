package dev.tessera.samples.resourceserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Where this API's tokens come from, who they must be for and how the keys and clocks are
 * trusted, bound from {@code sample.*} in {@code application.yml} (which reads
 * {@code TESSERA_ISSUER}, {@code TESSERA_JWK_SET_URI}, {@code SAMPLE_AUDIENCE},
 * {@code SAMPLE_CLOCK_SKEW}, {@code SAMPLE_JWKS_CACHE_TTL} and
 * {@code SAMPLE_JWKS_MIN_REFRESH_INTERVAL}). Nothing secret: a resource server validating
 * JWTs needs only public keys.
 *
 * @param issuer the exact {@code iss} of Tessera's tokens
 * @param jwkSetUri where to fetch Tessera's keys; empty means
 * {@code <issuer>/oauth2/jwks}
 * @param audience the audience this API is registered as in Tessera
 * @param clockSkew how far Tessera's clock may be from this API's when {@code exp} and
 * {@code nbf} are checked
 * @param jwks how long the keys are cached (see {@link JwkSetCache})
 */
@ConfigurationProperties("sample")
public record ResourceServerProperties(String issuer, String jwkSetUri, String audience,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue Jwks jwks) {

	/**
	 * @return the configured JWK Set URI, or Tessera's default one for the issuer
	 */
	public String effectiveJwkSetUri() {
		return StringUtils.hasText(this.jwkSetUri) ? this.jwkSetUri : TesseraJwtDecoders.defaultJwkSetUri(this.issuer);
	}

	/**
	 * @param cacheTtl how long a downloaded JWK Set is used
	 * @param minRefreshInterval tokens with unknown {@code kid}s cause at most two
	 * refetches in this window
	 */
	public record Jwks(@DefaultValue("5m") Duration cacheTtl, @DefaultValue("30s") Duration minRefreshInterval) {

		/** The cache these settings describe; refuses a window as long as the TTL. */
		public JwkSetCache cache() {
			return new JwkSetCache(this.cacheTtl, this.minRefreshInterval);
		}

	}

}
