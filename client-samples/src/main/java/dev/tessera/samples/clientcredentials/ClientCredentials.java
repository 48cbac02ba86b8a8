package dev.tessera.samples.clientcredentials;

import java.util.Objects;

/**
 * A confidential client's id and secret, kept together so they travel as one value, and
 * with a {@link #toString()} that leaves the secret out: a sample that logs its inputs
 * must not leak the one thing that has to stay private.
 */
public record ClientCredentials(String clientId, String clientSecret) {

	public ClientCredentials {
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(clientSecret, "clientSecret");
	}

	@Override
	public String toString() {
		return "ClientCredentials[clientId=" + this.clientId + ", clientSecret=<redacted>]";
	}

}
