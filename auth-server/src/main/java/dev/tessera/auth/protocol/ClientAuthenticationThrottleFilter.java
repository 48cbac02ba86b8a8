package dev.tessera.auth.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Attempt;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Refusal;
import dev.tessera.auth.web.RequestContext;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks the {@link ClientAuthenticationThrottle} before Spring's client authentication
 * filter runs, on every endpoint that authenticates clients: a refused request is
 * answered {@code 429 too_many_requests} with {@code Retry-After} and counted in the
 * audit trail's counter events, having cost no secret hash, no assertion verification and
 * no client lookup. An allowed request carries its {@link Attempt} in a request
 * attribute, for the handlers that learn the outcome ({@link #failed},
 * {@link #succeeded}).
 */
class ClientAuthenticationThrottleFilter extends OncePerRequestFilter {

	private static final String ATTEMPT = Attempt.class.getName();

	private final ClientAuthenticationThrottle throttle;

	private final ProtocolEndpoints endpoints;

	private final ProtocolAuditing auditing;

	ClientAuthenticationThrottleFilter(ClientAuthenticationThrottle throttle, ProtocolEndpoints endpoints,
			ProtocolAuditing auditing) {
		this.throttle = throttle;
		this.endpoints = endpoints;
		this.auditing = auditing;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.endpoints.authenticatesClients(request)) {
			chain.doFilter(request, response);
			return;
		}
		ClientAuthenticationThrottle.Decision outcome = this.throttle.check(sourceAddress(request),
				() -> ProtocolAuditing.claimedClientId(request));
		if (outcome instanceof Refusal refusal) {
			this.auditing.throttled(request, refusal.reason().auditName());
			OAuth2ErrorResponses.tooManyRequests(response, description(refusal), refusal.retryAfterSeconds());
			return;
		}
		request.setAttribute(ATTEMPT, outcome);
		chain.doFilter(request, response);
	}

	private static String description(Refusal refusal) {
		String limit = switch (refusal.reason()) {
			case CLIENT_ADDRESS -> "this client id from this address";
			case ADDRESS -> "this address";
			case CLIENT -> "this client id";
		};
		return "Too many failed client authentications for " + limit + "; retry after " + refusal.retryAfterSeconds()
				+ " s";
	}

	/** The request's client authentication failed: its claimed client id is charged. */
	static void failed(HttpServletRequest request) {
		if (request.getAttribute(ATTEMPT) instanceof Attempt attempt) {
			request.removeAttribute(ATTEMPT); // one failure per request
			attempt.failed(ProtocolAuditing.claimedClientId(request));
		}
	}

	/** The request's client authenticated as {@code clientId}. */
	static void succeeded(HttpServletRequest request, String clientId) {
		if (request.getAttribute(ATTEMPT) instanceof Attempt attempt) {
			attempt.succeeded(clientId);
		}
	}

	/**
	 * The caller's address as the audit trail sees it (the TCP peer, or the forwarded
	 * address when the peer is a trusted proxy: {@code web.ClientAddressResolver}).
	 */
	private static String sourceAddress(HttpServletRequest request) {
		String address = RequestContext.current().sourceIp();
		return (address != null) ? address : request.getRemoteAddr();
	}

}
