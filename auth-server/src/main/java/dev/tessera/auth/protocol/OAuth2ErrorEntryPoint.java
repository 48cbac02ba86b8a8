package dev.tessera.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A protocol endpoint called without client authentication answers as RFC 6749 §5.2
 * says: 401, {@code WWW-Authenticate: Basic}, and {@code {"error":"invalid_client"}},
 * never a redirect to a login page. The attempt is audited.
 */
public class OAuth2ErrorEntryPoint implements AuthenticationEntryPoint {

	private final ProtocolAuditing auditing;

	public OAuth2ErrorEntryPoint(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	private static final byte[] BODY = ("{\"error\":\"invalid_client\",\"error_description\":"
			+ "\"Client authentication is required\"}").getBytes(StandardCharsets.UTF_8);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.auditing.unauthenticated(request);
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tessera\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getOutputStream().write(BODY);
	}

}
