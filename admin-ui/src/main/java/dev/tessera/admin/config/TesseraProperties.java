package dev.tessera.admin.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin console's own settings ({@code tessera.*}), bound once at start. The issuer
 * is operator configuration (environment variable {@code TESSERA_ISSUER}, mapped in
 * {@code application.yml}), never user input, so the console may call it server-side.
 *
 * @param issuer the authorization server's issuer identifier, an absolute http(s) URL
 * @param http how long the console waits for the authorization server
 */
@ConfigurationProperties("tessera")
public record TesseraProperties(@DefaultValue("http://localhost:9000") URI issuer, @DefaultValue Http http) {

	public TesseraProperties {
		if (!issuer.isAbsolute() || !("http".equals(issuer.getScheme()) || "https".equals(issuer.getScheme()))
				|| issuer.getHost() == null) {
			throw new IllegalArgumentException("tessera.issuer must be an absolute http(s) URL, got: " + issuer);
		}
	}

	/**
	 * Timeouts for calls to the authorization server: short, because a page render waits
	 * for them.
	 */
	public record Http(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("2s") Duration readTimeout) {
	}

}
