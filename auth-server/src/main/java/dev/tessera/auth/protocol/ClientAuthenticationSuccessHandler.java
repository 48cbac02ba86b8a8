package dev.tessera.auth.protocol;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.client.assertion.AssertionReplayGuard;
import dev.tessera.auth.client.assertion.ReplayedAssertionException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Spring's own success step (the client becomes the request's authentication), the client
 * kept on the request for the handlers that answer ({@link AuthenticatedClient}), its
 * address made known to the client authentication throttle (exempt from its per-client
 * bucket: {@link ClientAuthenticationThrottleFilter}), and, on an endpoint that acts
 * before it answers (revocation), the single use of the client's assertion committed now,
 * before the endpoint acts. A replay thrown from here
 * ({@link ReplayedAssertionException}, an {@code invalid_client}) reaches the
 * client-authentication failure handler, as any failed authentication does: Spring's
 * {@code OAuth2ClientAuthenticationFilter} calls this handler inside the same
 * {@code try}.
 */
class ClientAuthenticationSuccessHandler implements AuthenticationSuccessHandler {

	private final ProtocolEndpoints endpoints;

	private final AssertionReplayGuard replayGuard;

	ClientAuthenticationSuccessHandler(ProtocolEndpoints endpoints, AssertionReplayGuard replayGuard) {
		this.endpoints = endpoints;
		this.replayGuard = replayGuard;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
			if (!this.endpoints.answersOnly(request)) {
				this.replayGuard.recordUse(client);
			}
			ClientAuthenticationThrottleFilter.succeeded(request, client.getRegisteredClient().getClientId());
			AuthenticatedClient.set(request, client);
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
	}

}
