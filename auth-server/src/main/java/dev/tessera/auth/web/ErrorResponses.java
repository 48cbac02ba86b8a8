package dev.tessera.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.web.util.UriUtils;

/**
 * The one writer of error bodies answered outside Spring MVC's own handling (by a servlet
 * filter, a Spring Security entry point or handler, the container's error dispatch): RFC
 * 6749 §5.2 JSON through Spring Security's {@link OAuth2ErrorHttpMessageConverter} on the
 * OAuth endpoints (as {@link OAuthErrorPaths} tells them), RFC 9457 problems as Spring's
 * {@link ProblemDetail} through the Jackson converter built on the {@link JsonMapper}
 * Boot configures (as Spring MVC writes them) elsewhere.
 */
public final class ErrorResponses {

	/**
	 * The error code of a refusal for too many requests (RFC 6585's 429 in RFC 6749's
	 * words): the client authentication throttle's and the token quotas'.
	 */
	public static final String TOO_MANY_REQUESTS = "too_many_requests";

	private final OAuthErrorPaths oauthPaths;

	private final OAuth2ErrorHttpMessageConverter oauthErrors = AnsweredOAuthErrors.converter();

	private final JacksonJsonHttpMessageConverter problems;

	public ErrorResponses(OAuthErrorPaths oauthPaths, JsonMapper jsonMapper) {
		this.oauthPaths = oauthPaths;
		this.problems = new JacksonJsonHttpMessageConverter(jsonMapper);
	}

	/**
	 * Whether errors on this request URI (context path included, percent-encoded as sent)
	 * are RFC 6749 JSON rather than problems, judged on the decoded path as Spring's
	 * endpoint matchers judge it.
	 */
	public boolean isOAuthPath(HttpServletRequest request, String requestUri) {
		String contextPath = request.getContextPath();
		String path = requestUri.startsWith(contextPath) ? requestUri.substring(contextPath.length()) : requestUri;
		try {
			path = UriUtils.decode(path, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// not valid percent-encoding: no endpoint has that path, judge it as sent
		}
		return this.oauthPaths.matches(path);
	}

	/**
	 * An error answered by a servlet filter, before Spring MVC or Spring Security could
	 * render it, never cached: on the OAuth endpoints {@code oauthError} with the
	 * description, elsewhere a problem whose detail is the description. Anything already
	 * buffered is discarded; headers set before (such as {@code Retry-After}) stay.
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String oauthError,
			String description) throws IOException {
		response.resetBuffer();
		response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
		if (isOAuthPath(request, request.getRequestURI())) {
			writeOAuthError(response, status, new OAuth2Error(oauthError, description, null));
		}
		else {
			writeProblem(response, status, description);
		}
	}

	/**
	 * RFC 6749 §5.2 JSON: {@code error}, and {@code error_description} and
	 * {@code error_uri} when set.
	 */
	public void writeOAuthError(HttpServletResponse response, HttpStatusCode status, OAuth2Error error)
			throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		this.oauthErrors.write(error, MediaType.APPLICATION_JSON, httpResponse);
	}

	/**
	 * An RFC 9457 problem ({@code application/problem+json}): the status, its reason
	 * phrase as the title, and the detail when there is one.
	 */
	public void writeProblem(HttpServletResponse response, HttpStatusCode status, String detail) throws IOException {
		HttpStatus known = HttpStatus.resolve(status.value());
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
		problem.setDetail(detail);
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		this.problems.write(problem, MediaType.APPLICATION_PROBLEM_JSON, httpResponse);
	}

}
