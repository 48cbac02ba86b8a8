package dev.tessera.auth.user.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The page shown when an authorization request cannot be answered by redirecting to the
 * client (unknown client, a redirect URI that is not registered): status 400, the error
 * code and a plain sentence, in {@code templates/authorization-error.html}. Everything
 * shown is escaped by Thymeleaf; the error's description is cut to a short line.
 */
public class AuthorizationErrorPage {

	static final String TEMPLATE = "authorization-error";

	private static final int MAX_DESCRIPTION = 200;

	private static final Map<String, String> SENTENCES = Map.of("invalid_request",
			"The application sent a sign-in request this server cannot accept, so you cannot be sent back to it.",
			"unauthorized_client", "This application is not allowed to ask for sign-in this way.", "access_denied",
			"Access was denied.", "unsupported_response_type",
			"The application asked for a kind of answer this server does not give.", "invalid_scope",
			"The application asked for permissions it may not have.", "server_error",
			"Something went wrong on this server. Please try again later.", "temporarily_unavailable",
			"This server is busy or under maintenance. Please try again later.");

	private static final String OTHER = "The application's sign-in request cannot be completed.";

	private final HtmlPages pages;

	public AuthorizationErrorPage(HtmlPages pages) {
		this.pages = pages;
	}

	/**
	 * Writes the page: status 400, {@code text/html}, the pages' security headers.
	 */
	public void render(HttpServletRequest request, HttpServletResponse response, OAuth2Error error) {
		try {
			this.pages.render(request, response, HttpStatus.BAD_REQUEST.value(), TEMPLATE, model(error));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the template shows for this error. */
	static Map<String, Object> model(OAuth2Error error) {
		Map<String, Object> model = new LinkedHashMap<>();
		String code = (error != null && error.getErrorCode() != null) ? error.getErrorCode() : "invalid_request";
		model.put("code", code);
		model.put("sentence", SENTENCES.getOrDefault(code, OTHER));
		model.put("description", (error != null) ? shorten(error.getDescription()) : null);
		return model;
	}

	private static String shorten(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		return (description.length() > MAX_DESCRIPTION) ? description.substring(0, MAX_DESCRIPTION) + "…" : description;
	}

}
