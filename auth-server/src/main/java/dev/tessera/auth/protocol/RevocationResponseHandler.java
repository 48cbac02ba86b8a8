package dev.tessera.auth.protocol;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Revocation success: the revocation has already happened when this runs (and the
 * caller's assertion use was committed before it, by
 * {@link ClientAuthenticationSuccessHandler}), so the answer is 200 whatever the audit
 * store says.
 */
class RevocationResponseHandler implements AuthenticationSuccessHandler {

	private final ProtocolAuditing auditing;

	RevocationResponseHandler(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		Map<String, Object> detail = new HashMap<>();
		detail.put("tokenTypeHint", AuditText.safe(request.getParameter("token_type_hint")));
		Actor actor = (authentication.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? Actor.client(client.getRegisteredClient().getClientId())
						: Actor.anonymous();
		this.auditing.recordQuietly(ProtocolEndpoints.REVOKE, AuditOutcome.SUCCESS, actor, detail, null);
		response.setStatus(HttpStatus.OK.value());
	}

}
