package dev.tessera.auth.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.protocol.TokenMetrics.Outcome;
import dev.tessera.auth.web.AnsweredOAuthErrors;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Measures every request to the token endpoint from outside everything that can refuse it
 * (form decoding, throttles, the database outage filter, Spring Security): a token counts
 * as issued where {@link TokenResponseHandler} wrote it ({@link #issued}), a refusal with
 * the error code the error writers answered ({@link AnsweredOAuthErrors}), whichever part
 * wrote it, under the client that authenticated, if one did. The grant is noted by
 * {@link GrantNoting}, which runs once the form is decoded.
 */
class TokenRequestMetricsFilter extends OncePerRequestFilter {

	private static final String GRANT = TokenRequestMetricsFilter.class.getName() + ".grant";

	private static final String ISSUED = TokenRequestMetricsFilter.class.getName() + ".issued";

	private final TokenMetrics metrics;

	TokenRequestMetricsFilter(TokenMetrics metrics) {
		this.metrics = metrics;
	}

	/** The token response was written: a token left. */
	static void issued(HttpServletRequest request) {
		request.setAttribute(ISSUED, Boolean.TRUE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		AnsweredOAuthErrors.watch();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			record(request, response.getStatus(), AnsweredOAuthErrors.take(), failed, System.nanoTime() - start);
		}
	}

	private void record(HttpServletRequest request, int status, String error, boolean failed, long nanos) {
		TokenGrant grant = (request.getAttribute(GRANT) instanceof TokenGrant noted) ? noted : TokenGrant.OTHER;
		OAuth2ClientAuthenticationToken client = AuthenticatedClient.of(request);
		String clientId = (client != null && client.getRegisteredClient() != null)
				? client.getRegisteredClient().getClientId() : null;
		Outcome outcome;
		if (!failed && request.getAttribute(ISSUED) != null && error == null) {
			this.metrics.issued(grant, clientId);
			outcome = Outcome.ISSUED;
		}
		else {
			if (error == null) {
				error = (failed || status >= 500) ? "server_error" : "other";
			}
			this.metrics.refused(grant, clientId, error);
			outcome = (failed || (status >= 500 && status != 503)) ? Outcome.ERROR
					: (status == 503) ? Outcome.UNAVAILABLE : Outcome.REFUSED;
		}
		this.metrics.timed(grant, outcome, nanos);
	}

	/**
	 * Notes the request's grant once its form is decoded (the metrics filter runs before
	 * that, and reads it when the request is done).
	 */
	static class GrantNoting extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			request.setAttribute(GRANT, TokenGrant.of(request.getParameter("grant_type")));
			chain.doFilter(request, response);
		}

	}

}
