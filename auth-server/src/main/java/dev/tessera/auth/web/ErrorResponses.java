package dev.tessera.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * An error answered by a servlet filter, before Spring MVC or Spring Security could
 * render it: RFC 6749 §5.2 JSON on the OAuth endpoints, RFC 9457 problem JSON
 * elsewhere, never cached. Descriptions are the server's own fixed text, never caller
 * input, so they are written without escaping.
 */
public final class ErrorResponses {

	private final OAuthErrorPaths oauthPaths;

	public ErrorResponses(OAuthErrorPaths oauthPaths) {
		this.oauthPaths = oauthPaths;
	}

	/** Whether errors on this request URI (context path included) are RFC 6749 JSON rather than problems. */
	public boolean isOAuthPath(HttpServletRequest request, String requestUri) {
		String contextPath = request.getContextPath();
		return this.oauthPaths.matches(
				requestUri.startsWith(contextPath) ? requestUri.substring(contextPath.length()) : requestUri);
	}

	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String oauthError,
			String description) throws IOException {
		response.resetBuffer();
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		String json;
		if (isOAuthPath(request, request.getRequestURI())) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			json = "{\"error\":\"" + oauthError + "\",\"error_description\":\"" + description + "\"}";
		}
		else {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
					+ status.value() + ",\"detail\":\"" + description + "\"}";
		}
		response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
	}

}
