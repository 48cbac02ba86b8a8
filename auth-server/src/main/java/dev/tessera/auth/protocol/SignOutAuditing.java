package dev.tessera.auth.protocol;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail.Actor;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * OpenID Connect RP-initiated sign-out: {@code user.sign_out} for the person whose
 * session ends, then Spring's answer (the session ended, a redirect to the client's
 * registered post-logout URI).
 */
class SignOutAuditing implements AuthenticationSuccessHandler {

	private final ProtocolAuditing auditing;

	private final AuthenticationSuccessHandler delegate = new OidcLogoutAuthenticationSuccessHandler();

	SignOutAuditing(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (authentication instanceof OidcLogoutAuthenticationToken logout
				&& logout.getPrincipal() instanceof Authentication person && person.isAuthenticated()) {
			this.auditing.recordQuietly("user.sign_out", AuditOutcome.SUCCESS, Actor.user(person.getName()),
					Map.of("via", "end_session", "clientId", String.valueOf(logout.getClientId())), null);
		}
		this.delegate.onAuthenticationSuccess(request, response, authentication);
	}

}
