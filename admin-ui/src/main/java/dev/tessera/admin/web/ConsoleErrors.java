package dev.tessera.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.signin.SignInController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.ModelAndView;

/**
 * How a page answers when the admin API does: a token the API no longer accepts (or one
 * that can no longer be renewed) ends the console session and asks the person to sign in
 * again; 403 and 404 get their own pages; anything else shows the API's problem; an
 * unreachable authorization server gets a 503 page that says so. Never a stack trace.
 * Controllers catch {@link AdminApiException} themselves only to show input problems next
 * to a form's fields.
 */
@ControllerAdvice
public class ConsoleErrors {

	private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

	@ExceptionHandler(AdminApiException.class)
	ModelAndView refused(AdminApiException ex, HttpServletRequest request, HttpServletResponse response) {
		if (ex.status() == 401) {
			return signInAgain(request, response);
		}
		HttpStatus status = switch (ex.status()) {
			case 403 -> HttpStatus.FORBIDDEN;
			case 404 -> HttpStatus.NOT_FOUND;
			case 409 -> HttpStatus.CONFLICT;
			case 400 -> HttpStatus.BAD_REQUEST;
			default -> HttpStatus.BAD_GATEWAY;
		};
		if (ex.status() == 403) {
			return ProblemPage
				.notAllowed("Your role does not allow this. The authorization server refused it: " + ex.detail());
		}
		return ProblemPage.of(status, ex.title(), ex.detail());
	}

	@ExceptionHandler(OAuth2AuthorizationException.class)
	ModelAndView tokenEnded(OAuth2AuthorizationException ex, HttpServletRequest request, HttpServletResponse response) {
		log.info("The console's token for this person can no longer be used ({}); signing them out",
				ex.getError().getErrorCode());
		return signInAgain(request, response);
	}

	@ExceptionHandler(ResourceAccessException.class)
	ModelAndView unreachable(ResourceAccessException ex) {
		log.warn("The authorization server did not answer: {}", ex.getMessage());
		return ProblemPage.of(HttpStatus.SERVICE_UNAVAILABLE, "Authorization server unreachable",
				"The admin API did not answer in time. Try again in a moment.");
	}

	private static ModelAndView signInAgain(HttpServletRequest request, HttpServletResponse response) {
		new SecurityContextLogoutHandler().logout(request, response,
				SecurityContextHolder.getContext().getAuthentication());
		return new ModelAndView("redirect:" + SignInController.PATH + "?expired");
	}

}
