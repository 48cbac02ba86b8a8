package dev.tessera.auth.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * The client that authenticated on this request, kept on the request by the
 * client-authentication success handler: the endpoint filters clear the security context
 * before a refusal is handled, and the refusal must be recorded under the client that
 * authenticated, not under whatever {@code client_id} the form also carried.
 */
final class AuthenticatedClient {

	private static final String ATTRIBUTE = AuthenticatedClient.class.getName();

	private AuthenticatedClient() {
	}

	static void set(HttpServletRequest request, OAuth2ClientAuthenticationToken client) {
		request.setAttribute(ATTRIBUTE, client);
	}

	/**
	 * @return the client, or null if none authenticated on this request
	 */
	static OAuth2ClientAuthenticationToken of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof OAuth2ClientAuthenticationToken client) ? client : null;
	}

}
