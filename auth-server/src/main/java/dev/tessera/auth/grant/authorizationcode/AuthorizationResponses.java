package dev.tessera.auth.grant.authorizationcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.user.signin.AuthorizationErrorPage;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answers. A code, and a refusal that can go back to the
 * client, are redirects to the client's redirect URI carrying {@code state} and the
 * issuer ({@code iss}, RFC 9207, so a client talking to several servers knows which one
 * answered); a refusal that cannot (an unknown client, a redirect URI not registered) is
 * an {@link AuthorizationErrorPage}. Each is an audit event of the person:
 * {@code authorization.code} or {@code consent.grant} when a code is issued (a code is
 * only issued once its event is durable), {@code authorization.refuse} or
 * {@code consent.deny} when refused; {@code scopeNarrowed} in the detail names the admin
 * scopes the person's roles took out of the request.
 */
public class AuthorizationResponses {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationResponses.class);

	private final String issuer;

	private final AuditTrail trail;

	private final AuthorizationErrorPage errorPage;

	public AuthorizationResponses(String issuer, AuditTrail trail, AuthorizationErrorPage errorPage) {
		this.issuer = issuer;
		this.trail = trail;
		this.errorPage = errorPage;
	}

	public AuthenticationSuccessHandler success() {
		return this::sendCode;
	}

	public AuthenticationFailureHandler failure() {
		return this::sendError;
	}

	private void sendCode(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken issued = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		Map<String, Object> detail = new HashMap<>();
		detail.put("clientId", AuditText.safe(issued.getClientId()));
		detail.put("scope", String.join(" ", issued.getScopes()));
		putWithheld(request, detail);
		String operation = consentSubmission(request) ? "consent.grant" : "authorization.code";
		try {
			this.trail.recordAndWait(operation, AuditOutcome.SUCCESS, person(issued), detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Authorization audit event could not be stored; no code was issued: {}", ex.getMessage());
			redirect(response, issued.getRedirectUri(), issued.getState(), new OAuth2Error("temporarily_unavailable",
					"The audit store is unavailable; no code was issued", null));
			return;
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(issued.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, issued.getAuthorizationCode().getTokenValue());
		sendRedirect(response, uri, issued.getState());
	}

	private void sendError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest)
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		Map<String, Object> detail = new HashMap<>();
		detail.put("error", error.getErrorCode());
		if (error.getDescription() != null) {
			detail.put("description", AuditText.safe(error.getDescription()));
		}
		putWithheld(request, detail);
		String clientId = (refused != null) ? refused.getClientId()
				: request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (clientId != null) {
			detail.put("clientId", AuditText.safe(clientId));
		}
		String operation = (OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode()) && consentSubmission(request))
				? "consent.deny" : "authorization.refuse";
		try {
			this.trail.recordAndWait(operation, AuditOutcome.BUSINESS_ERROR,
					(refused != null) ? person(refused) : Actor.anonymous(), detail, null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Authorization refusal could not be audited: {}", ex.getMessage());
		}
		if (refused == null || !StringUtils.hasText(refused.getRedirectUri())) {
			this.errorPage.render(request, response, error);
			return;
		}
		redirect(response, refused.getRedirectUri(), refused.getState(), error);
	}

	private void redirect(HttpServletResponse response, String redirectUri, String state, OAuth2Error error)
			throws IOException {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		sendRedirect(response, uri, state);
	}

	private void sendRedirect(HttpServletResponse response, UriComponentsBuilder uri, String state) {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		uri.queryParam("iss", encode(this.issuer));
		response.setStatus(HttpServletResponse.SC_FOUND);
		response.setHeader("Location", uri.build(true).toUriString());
		response.setHeader("Cache-Control", "no-store");
	}

	/**
	 * The admin scopes a person's roles took out of the request
	 * ({@link PersonScopeNarrowing}), as {@code scopeNarrowed}: asking for more than one
	 * may have is not refused, but it is on record.
	 */
	private static void putWithheld(HttpServletRequest request, Map<String, Object> detail) {
		String withheld = PersonScopeNarrowing.withheld(request);
		if (withheld != null) {
			detail.put("scopeNarrowed", withheld);
		}
	}

	/** The consent form posts back to the endpoint without a response type. */
	private static boolean consentSubmission(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null;
	}

	private static Actor person(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		return (request.getPrincipal() instanceof Authentication person && person.isAuthenticated())
				? Actor.user(person.getName()) : Actor.anonymous();
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
