package dev.tessera.auth.client.assertion;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Every way a client assertion can fail ends as {@code invalid_client} (HTTP 401). The
 * description is for logs and traces only (Spring's filter answers with the bare error
 * code), and never holds the assertion, a key or a secret.
 */
final class InvalidClientAssertion {

	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private InvalidClientAssertion() {
	}

	static OAuth2AuthenticationException because(String reason) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, reason, ERROR_URI));
	}

}
