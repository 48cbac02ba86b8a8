package dev.tessera.admin.status;

import java.net.URI;

/**
 * What one check of the authorization server found: either its metadata and key set could
 * be read, or they could not (and why). A value, so the page can show either outcome
 * without ever turning a failed call into an error page.
 */
public sealed interface AuthorizationServerState {

	/** The issuer the console is configured with (not necessarily what answered). */
	URI issuer();

	/** Whether the metadata and the key set were both read and made sense. */
	boolean isReachable();

	/**
	 * The authorization server answered with metadata for the configured issuer and a key
	 * set.
	 *
	 * @param issuer the configured (and advertised) issuer
	 * @param tokenEndpoint the advertised token endpoint
	 * @param keyCount how many keys the advertised JWKS holds
	 */
	record Reachable(URI issuer, String tokenEndpoint, int keyCount) implements AuthorizationServerState {

		@Override
		public boolean isReachable() {
			return true;
		}

	}

	/**
	 * The authorization server could not be reached, or its answer was unusable.
	 *
	 * @param issuer the configured issuer
	 * @param reason a short description for operators, never a stack trace
	 */
	record Unreachable(URI issuer, String reason) implements AuthorizationServerState {

		@Override
		public boolean isReachable() {
			return false;
		}

	}

}
