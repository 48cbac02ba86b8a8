package dev.tessera.auth.user.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A sign-in form posted with a CSRF token its session no longer knows (the page was left
 * open until the session expired, or the server restarted) sends the person back to a
 * fresh sign-in page that says so, instead of a bare 403. Every other refusal is Spring's
 * usual one.
 */
public class ExpiredSignInFormHandler implements AccessDeniedHandler {

	private final RequestMatcher signInRequests;

	private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

	public ExpiredSignInFormHandler(RequestMatcher signInRequests) {
		this.signInRequests = signInRequests;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException, ServletException {
		if (accessDeniedException instanceof CsrfException && this.signInRequests.matches(request)) {
			response.sendRedirect(request.getContextPath() + "/login?expired");
			return;
		}
		this.otherwise.handle(request, response, accessDeniedException);
	}

}
