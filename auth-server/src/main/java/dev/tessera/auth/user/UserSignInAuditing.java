package dev.tessera.auth.user;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;

import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * People signing in at {@code /login}: {@code user.authenticate}, success or refusal,
 * with the user name tried (never the password). Then Spring's usual redirects.
 */
public class UserSignInAuditing {

	private static final Logger log = LoggerFactory.getLogger(UserSignInAuditing.class);

	private final AuditTrail trail;

	public UserSignInAuditing(AuditTrail trail) {
		this.trail = trail;
	}

	public AuthenticationSuccessHandler succeeded() {
		AuthenticationSuccessHandler delegate = new SavedRequestAwareAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			record(AuditOutcome.SUCCESS, authentication.getName(), Map.of());
			delegate.onAuthenticationSuccess(request, response, authentication);
		};
	}

	public AuthenticationFailureHandler failed() {
		AuthenticationFailureHandler delegate = new SimpleUrlAuthenticationFailureHandler("/login?error");
		return (request, response, exception) -> {
			record(AuditOutcome.BUSINESS_ERROR, AuditText.safe(request.getParameter("username")),
					Map.of("error", exception.getClass().getSimpleName()));
			delegate.onAuthenticationFailure(request, response, exception);
		};
	}

	private void record(AuditOutcome outcome, String username, Map<String, Object> detail) {
		try {
			this.trail.recordAndWait("user.authenticate", outcome,
					(username != null) ? Actor.user(username) : Actor.anonymous(), detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Sign-in audit event could not be stored: {}", ex.getMessage());
		}
	}

}
