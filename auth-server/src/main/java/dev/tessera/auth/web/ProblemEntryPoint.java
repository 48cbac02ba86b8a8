package dev.tessera.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An unauthenticated call outside the OAuth protocol endpoints gets an RFC 9457
 * problem (401, {@code application/problem+json}), not a login redirect or an HTML
 * page; browsers asking for HTML are sent to {@code /login} by a separate entry point.
 */
public class ProblemEntryPoint implements AuthenticationEntryPoint {

	private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
			+ "\"detail\":\"A valid bearer token is required\"}").getBytes(StandardCharsets.UTF_8);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.setContentType("application/problem+json");
		response.getOutputStream().write(BODY);
	}

}
