package dev.tessera.auth.protocol;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A protocol endpoint called without client authentication answers as RFC 6749 §5.2 says:
 * 401, {@code WWW-Authenticate: Basic}, and {@code {"error":"invalid_client"}}, never a
 * redirect to a login page. The attempt is charged to the client authentication throttle
 * and counted in the audit trail like any failed client authentication.
 */
public class OAuth2ErrorEntryPoint implements AuthenticationEntryPoint {

	private final ProtocolAuditing auditing;

	public OAuth2ErrorEntryPoint(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ClientAuthenticationThrottleFilter.failed(request);
		this.auditing.unauthenticated(request);
		OAuth2ErrorResponses.clientAuthenticationRequired(response);
	}

}
