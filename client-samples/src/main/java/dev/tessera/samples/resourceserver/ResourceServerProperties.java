package dev.tessera.samples.resourceserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
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
 * @param audience this API's resource identifier, an absolute URL: the audience it is
 * registered as in Tessera, which a token's {@code aud} must contain, and the
 * {@code resource} its RFC 9728 metadata names. Required: a default would let every copy
 * of this sample accept the tokens meant for every other. The API's public base URL is
 * the natural value: RFC 9728 §3.3 has a client check that the metadata's
 * {@code resource} is the URL it fetched the metadata from
 * @param clockSkew how far Tessera's clock may be from this API's when {@code exp} and
 * {@code nbf} are checked
 * @param jwks how long the keys are cached (see {@link JwkSetCache})
 */
@ConfigurationProperties("sample")
public record ResourceServerProperties(String issuer, String jwkSetUri, String audience,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue Jwks jwks) {

	public ResourceServerProperties {
		Assert.hasText(audience, "SAMPLE_AUDIENCE (sample.audience) must be set: this API's resource identifier, "
				+ "the audience it is registered as in Tessera");
		Assert.isTrue(isAbsoluteUrl(audience), () -> "SAMPLE_AUDIENCE (sample.audience) must be an absolute http(s) "
				+ "URL, this API's resource identifier (RFC 9728, RFC 8707), not '" + audience + "'");
	}

	/**
	 * @return the configured JWK Set URI, or Tessera's default one for the issuer
	 */
	public String effectiveJwkSetUri() {
		return StringUtils.hasText(this.jwkSetUri) ? this.jwkSetUri : TesseraJwtDecoders.defaultJwkSetUri(this.issuer);
	}

	private static boolean isAbsoluteUrl(String value) {
		try {
			URI uri = new URI(value);
			return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
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
