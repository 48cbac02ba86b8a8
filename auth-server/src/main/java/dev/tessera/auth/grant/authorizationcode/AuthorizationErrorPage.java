package dev.tessera.auth.grant.authorizationcode;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Where a person lands when an authorization request cannot go back to the client (no
 * such client, a redirect URI not registered): a page of this server, never a redirect to
 * a URI nobody registered.
 */
@FunctionalInterface
public interface AuthorizationErrorPage {

	void render(HttpServletRequest request, HttpServletResponse response, OAuth2Error error) throws IOException;

}
