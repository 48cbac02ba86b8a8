package dev.tessera.auth.client.assertion;

import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A client assertion presented again ({@code invalid_client}): thrown where the use is
 * recorded at once, so the client-authentication failure handler can record it as the
 * replay it is, under the client whose key signed it.
 */
public class ReplayedAssertionException extends OAuth2AuthenticationException {

	private final String clientId;

	ReplayedAssertionException(String clientId) {
		super(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "the assertion has been used before (jti)",
				InvalidClientAssertion.ERROR_URI));
		this.clientId = clientId;
	}

	/** The client the assertion authenticated (its signature verified). */
	public String clientId() {
		return this.clientId;
	}

	/** What the audit event records. */
	public Map<String, Object> auditDetail() {
		return UsedAssertionWrite.REPLAYED;
	}

}
