package dev.tessera.auth.user.signin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.web.RequestContext;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks {@link SignInThrottle} before the sign-in form's password is checked (it sits in
 * front of Spring's {@code UsernamePasswordAuthenticationFilter}): a throttled attempt
 * costs no password hash and gets 429 with {@code Retry-After} and the sign-in page
 * saying how long to wait, and is audited as {@code user.throttle}.
 */
public class SignInThrottleFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottleFilter.class);

	private final SignInThrottle throttle;

	private final RequestMatcher signInRequests;

	private final HtmlPages pages;

	private final AuditTrail trail;

	public SignInThrottleFilter(SignInThrottle throttle, RequestMatcher signInRequests, HtmlPages pages,
			AuditTrail trail) {
		this.throttle = throttle;
		this.signInRequests = signInRequests;
		this.pages = pages;
		this.trail = trail;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.signInRequests.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		String username = request.getParameter("username");
		Optional<SignInThrottle.Refusal> refusal = this.throttle.check(username, clientAddress(request));
		if (refusal.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = refusal.get().retryAfterSeconds();
		audit(username, refusal.get());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		this.pages.render(request, response, HttpStatus.TOO_MANY_REQUESTS.value(), "login",
				SignInController.throttledPage(seconds));
	}

	private void audit(String username, SignInThrottle.Refusal refusal) {
		String name = AuditText.safe(username);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("reason", refusal.reason().auditName());
		detail.put("retryAfterSeconds", refusal.retryAfterSeconds());
		try {
			this.trail.recordAndWait("user.throttle", AuditOutcome.BUSINESS_ERROR,
					(name != null) ? Actor.user(name) : Actor.anonymous(), detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Sign-in throttle audit event could not be stored: {}", ex.getMessage());
		}
	}

	/**
	 * The caller's address as the audit trail sees it (the TCP peer, or the forwarded
	 * address when the peer is a trusted proxy: {@code web.ClientAddressResolver}).
	 */
	public static String clientAddress(HttpServletRequest request) {
		String address = RequestContext.current().sourceIp();
		return (address != null) ? address : request.getRemoteAddr();
	}

}
