package dev.tessera.samples.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.tessera.samples.oauth2.HttpsOrLoopback;

/**
 * What the tool needs to know, read from the environment: which Tessera
 * ({@code TESSERA_ISSUER}), which client ({@code TESSERA_CLI_CLIENT_ID}, a public client:
 * no secret, since anything shipped inside a command-line tool is public), which scopes
 * ({@code TESSERA_CLI_SCOPE}), and where to keep the refresh token
 * ({@code TESSERA_CLI_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/tessera-cli}, else
 * {@code ~/.config/tessera-cli}, as the XDG base directory specification says).
 *
 * @param issuer Tessera's issuer identifier, exactly as in its metadata
 * @param clientId the public client registered for the tool
 * @param scope the scopes to ask for at sign-in
 * @param configDirectory the directory of the refresh token files
 * @param loginTimeout how long {@code login} waits for the browser's answer
 */
public record CliSettings(Issuer issuer, ClientID clientId, Scope scope, Path configDirectory, Duration loginTimeout) {

	/**
	 * Refuses an issuer the tool may not talk to: its token endpoint gets the code, the
	 * PKCE verifier and the refresh token, so it must be {@code https}, or plain
	 * {@code http} on this machine's loopback ({@link Transport}).
	 * @throws IllegalArgumentException naming {@code TESSERA_ISSUER}
	 */
	public CliSettings {
		URI uri;
		try {
			uri = new URI(issuer.getValue());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(
					"TESSERA_ISSUER is not a URL: " + CliException.printable(issuer.getValue()));
		}
		if (!HttpsOrLoopback.allows(uri)) {
			throw new IllegalArgumentException(
					"TESSERA_ISSUER: " + Transport.refusal(uri, "the sign-in's code, PKCE verifier and refresh token"));
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("TESSERA_ISSUER has a query or fragment: an issuer has none (RFC 8414)");
		}
	}

	static final String DEFAULT_ISSUER = "http://localhost:9000";

	static final String DEFAULT_CLIENT_ID = "tessera-cli";

	static final String DEFAULT_SCOPE = "sample:read";

	static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * @param environment the process environment ({@link System#getenv()})
	 * @param home the user's home directory
	 * @throws IllegalArgumentException when {@code TESSERA_ISSUER} is not a URL the tool
	 * may send secrets to
	 */
	public static CliSettings fromEnvironment(Map<String, String> environment, Path home) {
		return new CliSettings(new Issuer(value(environment, "TESSERA_ISSUER", DEFAULT_ISSUER)),
				new ClientID(value(environment, "TESSERA_CLI_CLIENT_ID", DEFAULT_CLIENT_ID)),
				Scope.parse(value(environment, "TESSERA_CLI_SCOPE", DEFAULT_SCOPE)), configDirectory(environment, home),
				DEFAULT_LOGIN_TIMEOUT);
	}

	static Path configDirectory(Map<String, String> environment, Path home) {
		String explicit = environment.get("TESSERA_CLI_CONFIG_DIR");
		if (hasText(explicit)) {
			return Path.of(explicit).toAbsolutePath();
		}
		// the specification: a relative XDG_CONFIG_HOME is invalid and must be ignored
		String xdg = environment.get("XDG_CONFIG_HOME");
		if (hasText(xdg) && Path.of(xdg).isAbsolute()) {
			return Path.of(xdg, "tessera-cli");
		}
		return home.resolve(".config").resolve("tessera-cli");
	}

	private static String value(Map<String, String> environment, String name, String defaultValue) {
		String value = environment.get(name);
		return hasText(value) ? value.trim() : defaultValue;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
