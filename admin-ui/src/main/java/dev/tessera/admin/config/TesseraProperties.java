package dev.tessera.admin.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin console's own settings ({@code tessera.*}), bound once at start. The issuer
 * and the console's URL are operator configuration (environment variables mapped in
 * {@code application.yml}), never user input, so the console may call the issuer
 * server-side and build its redirect URI from its own URL.
 *
 * @param issuer the authorization server's issuer identifier, an absolute http(s) URL
 * @param http how long the console waits for the authorization server
 * @param console how the console itself is reached and registered
 * @param dataDir the development data directory the auth server writes the console's
 * generated credentials to
 * @param mode {@code production} turns off every development fallback
 */
@ConfigurationProperties("tessera")
public record TesseraProperties(@DefaultValue("http://localhost:9000") URI issuer, @DefaultValue Http http,
		@DefaultValue Console console, @DefaultValue("tessera-data") Path dataDir, @DefaultValue("dev") String mode) {

	public TesseraProperties {
		requireHttpUrl("tessera.issuer", issuer);
		requireHttpUrl("tessera.console.url", console.url());
	}

	private static void requireHttpUrl(String name, URI url) {
		if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
				|| url.getHost() == null) {
			throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got: " + url);
		}
	}

	/**
	 * Whether development fallbacks (credentials read from the data directory) are off.
	 */
	public boolean isProduction() {
		return "production".equalsIgnoreCase(this.mode);
	}

	/**
	 * Timeouts for calls to the authorization server: short for the status check, longer
	 * for admin API calls (verifying a long audit chain takes a while).
	 */
	public record Http(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("2s") Duration readTimeout,
			@DefaultValue("60s") Duration apiReadTimeout) {
	}

	/**
	 * The console as the authorization server knows it.
	 *
	 * @param url the console's public base URL: its redirect URI is
	 * {@code <url>/login/oauth2/code/tessera}, and requests for another host are sent
	 * there first so that the sign-in's session cookie is the one the redirect returns to
	 * @param clientId the console's client id at the authorization server
	 * @param clientSecret its secret, when given directly
	 * @param clientSecretFile a file holding only the secret (the way a secrets manager's
	 * agent delivers it)
	 */
	public record Console(@DefaultValue("http://127.0.0.1:9001") URI url,
			@DefaultValue("tessera-admin-ui") String clientId, String clientSecret, Path clientSecretFile) {

		@Override
		public String toString() {
			return "Console[url=" + this.url + ", clientId=" + this.clientId + "]";
		}

	}

}
