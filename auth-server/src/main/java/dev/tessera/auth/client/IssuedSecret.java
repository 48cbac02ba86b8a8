package dev.tessera.auth.client;

import java.time.Instant;

/**
 * A client secret at the one moment it is known in clear: in the response that creates
 * it.
 */
public record IssuedSecret(String clientId, String clientSecret, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedSecret[clientId=" + this.clientId + ", clientSecret=******, expiresAt=" + this.expiresAt + "]";
	}

}
