package dev.tessera.auth.protocol;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditUnavailableException;

import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Introspection success: the {@code token.introspect} event (whether the token is active
 * and, if so, its {@code jti} and client) is durable, with the single use of the caller's
 * assertion, before the answer is sent; 503 when the audit store cannot take it, 401
 * {@code invalid_client} when the assertion turns out to be a replay.
 */
class IntrospectionResponseHandler implements AuthenticationSuccessHandler {

	private final ProtocolAuditing auditing;

	private final OAuth2TokenIntrospectionHttpMessageConverter introspections = new OAuth2TokenIntrospectionHttpMessageConverter();

	IntrospectionResponseHandler(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2TokenIntrospectionAuthenticationToken result = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		OAuth2TokenIntrospection claims = result.getTokenClaims();
		Map<String, Object> detail = new HashMap<>();
		detail.put("active", claims.isActive());
		String jti = null;
		if (claims.isActive()) {
			jti = (String) claims.getClaims().get("jti");
			detail.put("jti", jti);
			detail.put("tokenClientId", claims.getClientId());
		}
		AuditReceipt receipt;
		try {
			receipt = this.auditing.recordAndWait(request, (OAuth2ClientAuthenticationToken) result.getPrincipal(),
					ProtocolEndpoints.INTROSPECT, AuditOutcome.SUCCESS, detail, (jti != null) ? "jti:" + jti : null);
		}
		catch (AuditUnavailableException ex) {
			OAuth2ErrorResponses.temporarilyUnavailable(response, "The audit store is unavailable");
			return;
		}
		if (receipt.refused()) {
			OAuth2ErrorResponses.refused(response, receipt.refusal());
			return;
		}
		this.introspections.write(claims, null, new ServletServerHttpResponse(response));
	}

}
