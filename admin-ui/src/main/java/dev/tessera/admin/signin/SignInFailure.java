package dev.tessera.admin.signin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A sign-in that did not complete goes back to the sign-in page with the OAuth error code
 * (only its letters and underscores, so nothing from outside is echoed as is), which the
 * page turns into a sentence; the details go to the console's log.
 */
public class SignInFailure implements AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(SignInFailure.class);

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String code = (exception instanceof OAuth2AuthenticationException oauth)
				? oauth.getError().getErrorCode().replaceAll("[^a-z_]", "") : "";
		log.info("Sign-in did not complete: {}", exception.getMessage());
		response.sendRedirect(
				request.getContextPath() + SignInController.PATH + "?failed=" + (code.isEmpty() ? "unknown" : code));
	}

}
