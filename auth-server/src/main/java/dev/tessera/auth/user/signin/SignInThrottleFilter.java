package dev.tessera.auth.user.signin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
 * Reserves the attempt with {@link SignInThrottle} before the sign-in form's password is
 * checked (it sits in front of Spring's {@code UsernamePasswordAuthenticationFilter}): a
 * throttled attempt costs no password hash and gets 429 with {@code Retry-After} and the
 * sign-in page saying how long to wait, and is audited as {@code user.throttle}. A
 * permitted attempt is already counted as a failure; its {@link SignInThrottle.Permit} is
 * left in a request attribute for the success handler to take back.
 *
 * <p>
 * Password hashes are costly in memory (Argon2id: some 19 MiB each), so at most a few run
 * at once on this node ({@code 2 × processors} by default); an attempt that cannot start
 * one within {@code 2 s} gets the same 429 page with {@code Retry-After: 1}, audited with
 * reason {@code busy}, and is not counted.
 */
public class SignInThrottleFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottleFilter.class);

	private final SignInThrottle throttle;

	private final RequestMatcher signInRequests;

	private final HtmlPages pages;

	private final AuditTrail trail;

	private final Semaphore verifications;

	private final Duration busyWait;

	public SignInThrottleFilter(SignInThrottle throttle, RequestMatcher signInRequests, HtmlPages pages,
			AuditTrail trail) {
		this(throttle, signInRequests, pages, trail,
				new Semaphore(2 * Runtime.getRuntime().availableProcessors(), true), Duration.ofSeconds(2));
	}

	/**
	 * @param verifications permits for password checks running at once on this node
	 * @param busyWait how long an attempt waits for one before it is refused as busy
	 */
	public SignInThrottleFilter(SignInThrottle throttle, RequestMatcher signInRequests, HtmlPages pages,
			AuditTrail trail, Semaphore verifications, Duration busyWait) {
		this.throttle = throttle;
		this.signInRequests = signInRequests;
		this.pages = pages;
		this.trail = trail;
		this.verifications = verifications;
		this.busyWait = busyWait;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.signInRequests.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		String username = request.getParameter("username");
		SignInThrottle.Attempt attempt = this.throttle.tryAcquire(username, clientAddress(request));
		if (attempt instanceof SignInThrottle.Refusal refusal) {
			refuse(request, response, username, refusal);
			return;
		}
		SignInThrottle.Permit permit = (SignInThrottle.Permit) attempt;
		if (!startVerification()) {
			this.throttle.cancelled(permit);
			refuse(request, response, username, new SignInThrottle.Refusal(SignInThrottle.Reason.BUSY, 1));
			return;
		}
		try {
			request.setAttribute(SignInThrottle.Permit.ATTRIBUTE, permit);
			chain.doFilter(request, response);
		}
		finally {
			this.verifications.release();
		}
	}

	private boolean startVerification() {
		try {
			return this.verifications.tryAcquire(this.busyWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String username,
			SignInThrottle.Refusal refusal) throws IOException {
		long seconds = refusal.retryAfterSeconds();
		audit(username, refusal);
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
