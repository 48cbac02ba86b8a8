package dev.tessera.auth.user;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.user.signin.SignInThrottle;
import dev.tessera.auth.user.signin.SignInThrottleFilter;

import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * People signing in at {@code /login}: {@code user.authenticate}, success or refusal,
 * with the user name tried (never the password); a success takes back the failure the
 * {@link SignInThrottle} reserved for the attempt (a failure keeps it); signing out at
 * {@code /logout}: {@code user.sign_out}. Then Spring's usual redirects.
 */
public class UserSignInAuditing {

	private static final Logger log = LoggerFactory.getLogger(UserSignInAuditing.class);

	private final AuditTrail trail;

	private final SignInThrottle throttle;

	public UserSignInAuditing(AuditTrail trail, SignInThrottle throttle) {
		this.trail = trail;
		this.throttle = throttle;
	}

	public AuthenticationSuccessHandler succeeded() {
		AuthenticationSuccessHandler delegate = new SavedRequestAwareAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			if (request.getAttribute(SignInThrottle.Permit.ATTRIBUTE) instanceof SignInThrottle.Permit permit) {
				this.throttle.succeeded(permit);
			}
			else {
				this.throttle.succeeded(authentication.getName(), SignInThrottleFilter.clientAddress(request));
			}
			record("user.authenticate", AuditOutcome.SUCCESS, authentication.getName(), Map.of());
			delegate.onAuthenticationSuccess(request, response, authentication);
		};
	}

	public AuthenticationFailureHandler failed() {
		AuthenticationFailureHandler delegate = new SimpleUrlAuthenticationFailureHandler("/login?error");
		return (request, response, exception) -> {
			// nothing to count: the throttle filter counted this attempt when it let it
			// through
			record("user.authenticate", AuditOutcome.BUSINESS_ERROR, AuditText.safe(request.getParameter("username")),
					Map.of("error", exception.getClass().getSimpleName()));
			delegate.onAuthenticationFailure(request, response, exception);
		};
	}

	/** After the session has ended: back to the sign-in page, which says so. */
	public LogoutSuccessHandler signedOut() {
		SimpleUrlLogoutSuccessHandler delegate = new SimpleUrlLogoutSuccessHandler();
		delegate.setDefaultTargetUrl("/login?logout");
		return (request, response, authentication) -> {
			if (authentication != null) {
				record("user.sign_out", AuditOutcome.SUCCESS, authentication.getName(), Map.of());
			}
			delegate.onLogoutSuccess(request, response, authentication);
		};
	}

	private void record(String operation, AuditOutcome outcome, String username, Map<String, Object> detail) {
		try {
			this.trail.recordAndWait(operation, outcome, (username != null) ? Actor.user(username) : Actor.anonymous(),
					detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Sign-in audit event could not be stored: {}", ex.getMessage());
		}
	}

}
