package dev.tessera.samples.clientcredentials;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Gets an access token from Tessera with the client credentials grant and prints what a
 * caller needs to know about it: when it expires and which scope it carries. It never
 * prints the client secret or the token itself, since either would let anyone who sees
 * the output act as the client.
 *
 * <p>
 * Configured from the environment: {@code TESSERA_ISSUER} (default
 * {@code http://localhost:9000}), {@code TESSERA_CLIENT_ID},
 * {@code TESSERA_CLIENT_SECRET} and, optionally, {@code TESSERA_SCOPE} (space-separated).
 */
public final class ClientCredentialsSample {

	static final String DEFAULT_ISSUER = "http://localhost:9000";

	private ClientCredentialsSample() {
	}

	public static void main(String[] args) {
		int status = run(System.getenv(), TokenClient.create(), System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * @return the process exit status: 0 on success, 1 when the token request failed, 2
	 * when the configuration is incomplete
	 */
	static int run(Map<String, String> env, TokenClient client, PrintStream out, PrintStream err) {
		String issuer = valueOf(env, "TESSERA_ISSUER", DEFAULT_ISSUER);
		String clientId = valueOf(env, "TESSERA_CLIENT_ID", null);
		String clientSecret = valueOf(env, "TESSERA_CLIENT_SECRET", null);
		String scope = valueOf(env, "TESSERA_SCOPE", null);
		if (clientId == null || clientSecret == null) {
			err.println("Set TESSERA_CLIENT_ID and TESSERA_CLIENT_SECRET (and optionally TESSERA_ISSUER, "
					+ "TESSERA_SCOPE) in the environment.");
			return 2;
		}
		try {
			URI tokenEndpoint = client.discoverTokenEndpoint(URI.create(issuer));
			out.println("Token endpoint: " + tokenEndpoint);
			if (sendsSecretInClear(tokenEndpoint)) {
				err.println("Warning: " + tokenEndpoint + " is plain HTTP to a non-loopback host; "
						+ "the client secret would cross the network unencrypted.");
			}
			TokenResponse token = client.requestToken(tokenEndpoint, new ClientCredentials(clientId, clientSecret),
					scope);
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			out.println("Got a " + token.tokenType() + " access token for client " + clientId + ".");
			out.println("Expires: " + token.expiresIn()
				.map((Duration lifetime) -> "in " + lifetime.toSeconds() + " s (at about " + now.plus(lifetime) + ")")
				.orElse("not stated by the server"));
			out.println("Scope: " + token.scope()
				.orElse((scope != null) ? scope + " (not echoed, so as requested; RFC 6749 §5.1)" : "(none returned)"));
			return 0;
		}
		catch (IOException | IllegalArgumentException ex) {
			err.println("Could not get a token from " + issuer + ": "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("Interrupted while talking to " + issuer);
			return 1;
		}
	}

	private static String valueOf(Map<String, String> env, String name, String fallback) {
		String value = env.get(name);
		// not stripped: a secret is used exactly as given
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static boolean sendsSecretInClear(URI endpoint) {
		if ("https".equalsIgnoreCase(endpoint.getScheme())) {
			return false;
		}
		try {
			return !InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

}
