package dev.tessera.auth.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An unauthenticated call outside the OAuth protocol endpoints gets an RFC 9457 problem
 * ({@code application/problem+json}), not a login redirect or an HTML page; browsers
 * asking for HTML are sent to {@code /login} by a separate entry point.
 *
 * <p>
 * Status and {@code WWW-Authenticate} follow RFC 6750 §3 as Spring's
 * {@code BearerTokenAuthenticationEntryPoint} builds them from the refusal's
 * {@link BearerTokenError}: a bare {@code Bearer} challenge when no token came, and
 * {@code error="invalid_token", error_description="…"} with the reason when one was
 * refused. Unlike Spring's, it names no RFC 9728 {@code resource_metadata} document,
 * which this server does not publish. The problem's {@code detail} repeats the reason.
 */
public class ProblemEntryPoint implements AuthenticationEntryPoint {

	private final ErrorResponses errors;

	public ProblemEntryPoint(ErrorResponses errors) {
		this.errors = errors;
	}

	static final String NO_TOKEN = "This call needs an access token from this server in the Authorization header "
			+ "(Authorization: Bearer ...)";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		int status = HttpServletResponse.SC_UNAUTHORIZED;
		Map<String, String> parameters = new LinkedHashMap<>();
		if (authException instanceof OAuth2AuthenticationException oauth) {
			OAuth2Error error = oauth.getError();
			parameters.put("error", error.getErrorCode());
			putIfText(parameters, "error_description", error.getDescription());
			putIfText(parameters, "error_uri", error.getUri());
			if (error instanceof BearerTokenError bearer) {
				putIfText(parameters, "scope", bearer.getScope());
				status = bearer.getHttpStatus().value();
			}
		}
		String challenge = parameters.isEmpty() ? "Bearer"
				: "Bearer " + parameters.entrySet()
					.stream()
					.map(parameter -> parameter.getKey() + "=\"" + parameter.getValue() + "\"")
					.collect(Collectors.joining(", "));
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		this.errors.writeProblem(response, HttpStatusCode.valueOf(status), detail(authException));
	}

	/** The reason, as given to the client in {@code error_description}. */
	public static String detail(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null) {
			return oauth.getError().getDescription();
		}
		return NO_TOKEN;
	}

	private static void putIfText(Map<String, String> parameters, String name, String value) {
		if (value != null && !value.isBlank()) {
			parameters.put(name, RfcText.description(value)); // no quote may end the
																// parameter early
		}
	}

}
