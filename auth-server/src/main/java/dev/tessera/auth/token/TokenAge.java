package dev.tessera.auth.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A token issued before its client was registered belongs to an earlier, deleted
 * client that had the same {@code client_id}: it must not come back to life.
 */
final class TokenAge {

	private TokenAge() {
	}

	static boolean predatesClient(Jwt jwt, RegisteredClient client) {
		Instant registered = client.getClientIdIssuedAt();
		Instant issued = jwt.getIssuedAt();
		// iat has whole seconds; the registration time is truncated the same way
		return registered != null && issued != null && issued.isBefore(registered.truncatedTo(ChronoUnit.SECONDS));
	}

}
