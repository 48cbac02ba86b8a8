package dev.tessera.samples.clientcredentials;

import java.time.Duration;
import java.util.Optional;

/**
 * A successful token response (RFC 6749 §5.1). {@code expires_in} and {@code scope} are
 * optional in the spec, so they are {@link Optional} here. {@link #toString()} leaves the
 * access token out: a bearer token is as good as the secret for its lifetime.
 */
public record TokenResponse(String accessToken, String tokenType, Optional<Duration> expiresIn,
		Optional<String> scope) {

	@Override
	public String toString() {
		return "TokenResponse[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn.orElse(null) + ", scope="
				+ this.scope.orElse(null) + ", accessToken=<redacted>]";
	}

}
