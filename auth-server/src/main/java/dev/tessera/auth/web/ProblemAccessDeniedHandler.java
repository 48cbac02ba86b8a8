package dev.tessera.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** A valid token without the scope an admin call needs: RFC 9457 problem, 403. */
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
			+ "\"detail\":\"The token does not carry the scope this call needs\"}").getBytes(StandardCharsets.UTF_8);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
		response.setContentType("application/problem+json");
		response.getOutputStream().write(BODY);
	}

}
