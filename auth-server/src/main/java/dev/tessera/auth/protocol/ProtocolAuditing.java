package dev.tessera.auth.protocol;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.write.AuditedWriteRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The audit events of the protocol endpoints, one per request, recorded where Spring's
 * authorization server hands over its result: {@code token.issue},
 * {@code token.introspect} and {@code token.revoke}, each a success or a refusal (a
 * failed client authentication included). A token or an introspection answer is sent
 * only after its event is committed; when the audit store cannot take it the caller gets
 * 503 {@code temporarily_unavailable} instead. Events carry the token's {@code jti} and
 * {@code kid}, never the token.
 */
public class ProtocolAuditing {

	private static final Logger log = LoggerFactory.getLogger(ProtocolAuditing.class);

	static final String ISSUE = "token.issue";

	static final String INTROSPECT = "token.introspect";

	static final String REVOKE = "token.revoke";

	/** The detail key of the client id an unauthenticated caller claimed. */
	static final String CLAIMED_CLIENT_ID = "claimedClientId";

	/** Request attribute: the client id that authenticated on this request. */
	static final String AUTHENTICATED_CLIENT_ID = ProtocolAuditing.class.getName() + ".authenticatedClientId";

	private final AuditTrail trail;

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	private final OAuth2TokenIntrospectionHttpMessageConverter introspections = new OAuth2TokenIntrospectionHttpMessageConverter();

	public ProtocolAuditing(AuditTrail trail) {
		this.trail = trail;
	}

	/** Token endpoint success: the event is durable before the token leaves. */
	public AuthenticationSuccessHandler tokenIssued() {
		AuthenticationSuccessHandler delegate = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
			OAuth2AccessToken token = issued.getAccessToken();
			Map<String, Object> detail = new HashMap<>();
			detail.put("grant", AuditText.safe(request.getParameter("grant_type")));
			detail.put("scope", String.join(" ", token.getScopes()));
			TokenIds ids = TokenIds.of(token.getTokenValue());
			detail.put("jti", ids.jti());
			detail.put("kid", ids.kid());
			detail.put("expiresAt", String.valueOf(token.getExpiresAt()));
			try {
				this.trail.recordAndWait(ISSUE, AuditOutcome.SUCCESS,
						Actor.client(issued.getRegisteredClient().getClientId()), detail, "jti:" + ids.jti());
			}
			catch (AuditUnavailableException ex) {
				temporarilyUnavailable(response, "The audit store is unavailable; no token was issued");
				return;
			}
			catch (AuditedWriteRefusedException ex) {
				refusedWith(response, ex); // the signed token is dropped unseen
				return;
			}
			delegate.onAuthenticationSuccess(request, response, authentication);
		};
	}

	/** Token endpoint refusal after the client authenticated (invalid_scope, invalid_grant, ...). */
	public AuthenticationFailureHandler tokenRefused() {
		return refused(ISSUE, new OAuth2ErrorAuthenticationFailureHandler());
	}

	public AuthenticationSuccessHandler introspected() {
		return (request, response, authentication) -> {
			OAuth2TokenIntrospectionAuthenticationToken result = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
			OAuth2TokenIntrospection claims = result.getTokenClaims();
			Map<String, Object> detail = new HashMap<>();
			detail.put("active", claims.isActive());
			String jti = null;
			if (claims.isActive()) {
				jti = (String) claims.getClaims().get("jti");
				detail.put("jti", jti);
				detail.put("tokenClientId", claims.getClientId());
			}
			try {
				this.trail.recordAndWait(INTROSPECT, AuditOutcome.SUCCESS, AuditTrail.currentActor(), detail,
						(jti != null) ? "jti:" + jti : null);
			}
			catch (AuditUnavailableException ex) {
				temporarilyUnavailable(response, "The audit store is unavailable");
				return;
			}
			catch (AuditedWriteRefusedException ex) {
				refusedWith(response, ex);
				return;
			}
			this.introspections.write(claims, null, new ServletServerHttpResponse(response));
		};
	}

	public AuthenticationFailureHandler introspectionRefused() {
		return refused(INTROSPECT, new OAuth2ErrorAuthenticationFailureHandler());
	}

	/** Revocation has already happened when this runs; the answer is 200 whatever the audit store says. */
	public AuthenticationSuccessHandler revoked() {
		return (request, response, authentication) -> {
			Map<String, Object> detail = new HashMap<>();
			detail.put("tokenTypeHint", AuditText.safe(request.getParameter("token_type_hint")));
			recordQuietly(REVOKE, AuditOutcome.SUCCESS, AuditTrail.currentActor(), detail, null);
			response.setStatus(HttpStatus.OK.value());
		};
	}

	public AuthenticationFailureHandler revocationRefused() {
		return refused(REVOKE, new OAuth2ErrorAuthenticationFailureHandler());
	}

	/**
	 * Spring's own success step (the client becomes the request's authentication), and the
	 * client's id kept on the request: the endpoint filters clear the security context
	 * before a refusal is handled, and the refusal must be recorded under the client that
	 * authenticated, not under whatever {@code client_id} the form also carried.
	 */
	public AuthenticationSuccessHandler clientAuthenticated() {
		return (request, response, authentication) -> {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(authentication);
			SecurityContextHolder.setContext(context);
			if (authentication instanceof OAuth2ClientAuthenticationToken client
					&& client.getRegisteredClient() != null) {
				request.setAttribute(AUTHENTICATED_CLIENT_ID, client.getRegisteredClient().getClientId());
			}
		};
	}

	/**
	 * Failed client authentication on any protocol endpoint: answered as Spring does
	 * (401 {@code invalid_client}, just the error code), recorded as a refusal of the
	 * endpoint's operation by an {@code anonymous} caller, with the client id it claimed
	 * in the detail ({@value #CLAIMED_CLIENT_ID}): anyone can claim any client id, so the
	 * failure is not the client's own act and does not fill that client's history
	 * ({@code ?clientId=}) with failures an attacker forged.
	 */
	public AuthenticationFailureHandler clientAuthenticationFailed() {
		return (request, response, exception) -> {
			SecurityContextHolder.clearContext();
			OAuth2Error error = errorOf(exception);
			recordQuietly(operationFor(request), AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
					claimed(request, Map.of("error", error.getErrorCode(), "stage", "client_authentication")), null);
			ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
			httpResponse.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
					? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
			this.errors.write(new OAuth2Error(error.getErrorCode()), null, httpResponse);
		};
	}

	/** A protocol call with no client credentials at all (answered by the entry point). */
	public void unauthenticated(HttpServletRequest request) {
		recordQuietly(operationFor(request), AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				claimed(request, Map.of("error", OAuth2ErrorCodes.INVALID_CLIENT, "stage", "no_client_authentication")),
				null);
	}

	private AuthenticationFailureHandler refused(String operation, AuthenticationFailureHandler delegate) {
		return (request, response, exception) -> {
			Map<String, Object> detail = new HashMap<>();
			detail.put("error", errorOf(exception).getErrorCode());
			if (ISSUE.equals(operation)) {
				detail.put("grant", AuditText.safe(request.getParameter("grant_type")));
				detail.put("scope", AuditText.safe(request.getParameter("scope")));
			}
			// the endpoint filters clear the security context before this runs, but the client
			// did authenticate to get here (a failed authentication goes to clientAuthenticationFailed)
			Actor actor = AuditTrail.currentActor();
			if ("anonymous".equals(actor.type())
					&& request.getAttribute(AUTHENTICATED_CLIENT_ID) instanceof String clientId) {
				actor = Actor.client(clientId);
			}
			else if ("anonymous".equals(actor.type())) {
				detail.putAll(claimed(request, Map.of()));
			}
			try {
				this.trail.recordAndWait(operation, AuditOutcome.BUSINESS_ERROR, actor, detail, null);
			}
			catch (AuditUnavailableException ex) {
				log.error("Audit event {} (refusal) could not be stored: {}", operation, ex.getMessage());
			}
			catch (AuditedWriteRefusedException ex) {
				refusedWith(response, ex); // the client's authentication did not hold after all
				return;
			}
			delegate.onAuthenticationFailure(request, response, exception);
		};
	}

	private void recordQuietly(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail,
			String payloadRef) {
		try {
			this.trail.recordAndWait(operation, outcome, actor, detail, payloadRef);
		}
		catch (AuditUnavailableException ex) {
			log.error("Audit event {} ({}) could not be stored: {}", operation, outcome.value(), ex.getMessage());
		}
		catch (AuditedWriteRefusedException ex) {
			// recorded as that refusal; these callers answer with an error or acted already
			log.debug("Audit event {} recorded as a refusal: {}", operation, ex.getMessage());
		}
	}

	/** An attached write was refused (a replayed assertion): its error, as client authentication errors are sent. */
	private void refusedWith(HttpServletResponse response, AuditedWriteRefusedException refused) throws IOException {
		SecurityContextHolder.clearContext();
		String error = refused.write().error();
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error) ? HttpStatus.UNAUTHORIZED
				: HttpStatus.BAD_REQUEST);
		httpResponse.getHeaders().setCacheControl("no-store");
		this.errors.write(new OAuth2Error(error), null, httpResponse);
	}

	private void temporarilyUnavailable(HttpServletResponse response, String description) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		httpResponse.getHeaders().set("Retry-After", "1");
		httpResponse.getHeaders().setCacheControl("no-store");
		this.errors.write(new OAuth2Error("temporarily_unavailable", description, null), null, httpResponse);
	}

	static String operationFor(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri.endsWith("/oauth2/introspect")) {
			return INTROSPECT;
		}
		if (uri.endsWith("/oauth2/revoke")) {
			return REVOKE;
		}
		if (uri.endsWith("/oauth2/token")) {
			return ISSUE;
		}
		return "client.authenticate";
	}

	/** The detail with the client id the caller claimed, if any. */
	private static Map<String, Object> claimed(HttpServletRequest request, Map<String, Object> detail) {
		String clientId = claimedClientId(request);
		if (clientId == null) {
			return detail;
		}
		Map<String, Object> withClaim = new HashMap<>(detail);
		withClaim.put(CLAIMED_CLIENT_ID, clientId);
		return withClaim;
	}

	/** The client id a caller claimed (unverified): the form parameter, or the Basic user name. */
	static String claimedClientId(HttpServletRequest request) {
		String clientId = request.getParameter("client_id");
		String authorization = request.getHeader("Authorization");
		if (clientId == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				clientId = java.net.URLDecoder.decode((colon >= 0) ? decoded.substring(0, colon) : decoded,
						StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				clientId = null;
			}
		}
		return AuditText.safe(clientId);
	}

	private static OAuth2Error errorOf(AuthenticationException exception) {
		return (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
	}


	/** The {@code jti} and {@code kid} of a token this server just signed (read, not verified). */
	record TokenIds(String jti, String kid) {

		static TokenIds of(String jwt) {
			try {
				String[] parts = jwt.split("\\.", 3);
				Base64.Decoder decoder = Base64.getUrlDecoder();
				Map<String, Object> header = JSONObjectUtils.parse(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
				Map<String, Object> claims = JSONObjectUtils.parse(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
				return new TokenIds((String) claims.get("jti"), (String) header.get("kid"));
			}
			catch (ParseException | RuntimeException ex) {
				return new TokenIds(null, null);
			}
		}

	}

}
