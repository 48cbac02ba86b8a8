package dev.tessera.auth.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container's error dispatch answers, in place of Spring Boot's
 * whitelabel page or its own JSON: errors that reach {@code /error} without an answer of
 * their own (a form the container cannot parse, a CSRF refusal, a path Spring's firewall
 * rejects). On the OAuth endpoints that is RFC 6749 JSON, everywhere else an RFC 9457
 * problem, both written by {@link ErrorResponses}; never HTML, never a stack trace.
 * {@code /error} itself is a 404.
 */
@RestController
public class JsonErrorController implements ErrorController {

	private final ErrorResponses errors;

	public JsonErrorController(ErrorResponses errors) {
		this.errors = errors;
	}

	@RequestMapping("${spring.web.error.path:/error}")
	public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			status = HttpStatus.NOT_FOUND; // /error asked for directly, or a code with no
											// meaning here
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (uri instanceof String value) ? value : "";
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseOutageFilter.isOutage(failure)) {
			// normally answered by DatabaseOutageFilter; this is for what escapes it
			status = HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseOutageFilter.RETRY_AFTER_SECONDS);
		}
		if (this.errors.isOAuthPath(request, path)) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
			this.errors.writeOAuthError(response, status, new OAuth2Error(oauthError(status)));
		}
		else {
			this.errors.writeProblem(response, status, null);
		}
	}

	/** RFC 6749 §5.2 and its registry, from the status Spring or the container chose. */
	static String oauthError(HttpStatus status) {
		return switch (status) {
			case UNAUTHORIZED -> "invalid_client";
			case FORBIDDEN -> "access_denied";
			case SERVICE_UNAVAILABLE -> "temporarily_unavailable";
			default -> status.is5xxServerError() ? "server_error" : "invalid_request";
		};
	}

}
