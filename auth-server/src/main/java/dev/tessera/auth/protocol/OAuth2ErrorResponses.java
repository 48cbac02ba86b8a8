package dev.tessera.auth.protocol;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.web.AnsweredOAuthErrors;
import dev.tessera.auth.web.ErrorResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * The RFC 6749 §5.2 error answers the protocol handlers write themselves, through
 * Spring's converter (one that notes the error for the metrics:
 * {@link AnsweredOAuthErrors}).
 */
final class OAuth2ErrorResponses {

	private static final OAuth2ErrorHttpMessageConverter errors = AnsweredOAuthErrors.converter();

	private OAuth2ErrorResponses() {
	}

	/**
	 * A failed client authentication, as Spring answers it: 401 for
	 * {@code invalid_client}, else 400, with just the error code.
	 */
	static void clientAuthenticationFailed(HttpServletResponse response, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
				? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
		errors.write(new OAuth2Error(error.getErrorCode()), null, httpResponse);
	}

	/**
	 * A refused client certificate: 401 {@code invalid_client} with the description
	 * saying why, never cached.
	 */
	static void certificateRefused(HttpServletResponse response, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, error.getDescription(), error.getUri()), null,
				httpResponse);
	}

	/**
	 * No client authentication at all: 401 with a {@code Basic} challenge, never cached.
	 */
	static void clientAuthenticationRequired(HttpServletResponse response) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
		httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tessera\"");
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication is required", null), null,
				httpResponse);
	}

	/**
	 * A request whose joined write was refused when it was committed with the audit event
	 * (a replayed assertion), answered in the refusal's words: its {@code error} (401 for
	 * {@code invalid_client}, else 400) and {@code description}, if any.
	 */
	static void refused(HttpServletResponse response, Map<String, Object> refusal) throws IOException {
		String error = String.valueOf(refusal.getOrDefault("error", OAuth2ErrorCodes.INVALID_CLIENT));
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error)) {
			SecurityContextHolder.clearContext(); // the client's authentication did not
													// hold
													// after all
		}
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(
				OAuth2ErrorCodes.INVALID_CLIENT.equals(error) ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
		httpResponse.getHeaders().setCacheControl("no-store");
		Object description = refusal.get("description");
		errors.write(new OAuth2Error(error, (description != null) ? description.toString() : null, null), null,
				httpResponse);
	}

	/** The audit store cannot take the event: 503, retry in a second. */
	static void temporarilyUnavailable(HttpServletResponse response, String description) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		httpResponse.getHeaders().set("Retry-After", "1");
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(new OAuth2Error("temporarily_unavailable", description, null), null, httpResponse);
	}

	/**
	 * A caller over a rate limit: 429 {@code too_many_requests} with the description
	 * saying which limit and when to retry, {@code Retry-After} in whole seconds (at
	 * least one), never cached.
	 */
	static void tooManyRequests(HttpServletResponse response, String description, long retryAfterSeconds)
			throws IOException {
		tooManyRequests(response, new OAuth2Error(ErrorResponses.TOO_MANY_REQUESTS, description, null),
				retryAfterSeconds);
	}

	/** As above, for an error that already names its code and description. */
	static void tooManyRequests(HttpServletResponse response, OAuth2Error error, long retryAfterSeconds)
			throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		httpResponse.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(error, null, httpResponse);
	}

	/**
	 * A refused bearer token (RFC 6750 §3): 401 for {@code invalid_token}, 403 for
	 * {@code insufficient_scope}, with the challenge naming the error.
	 */
	static void bearerRefused(HttpServletResponse response, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		boolean scope = OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(error.getErrorCode());
		httpResponse.setStatusCode(scope ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED);
		String challenge = "Bearer error=\"" + (scope ? error.getErrorCode() : OAuth2ErrorCodes.INVALID_TOKEN) + "\"";
		if (error.getDescription() != null) {
			challenge += ", error_description=\"" + error.getDescription().replace("\"", "'") + "\"";
		}
		httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		httpResponse.getHeaders().setCacheControl("no-store");
		errors.write(error, null, httpResponse);
	}

	static OAuth2Error errorOf(AuthenticationException exception) {
		return (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
	}

}
