package dev.tessera.auth.protocol;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.token.GrantAuditDetail;
import dev.tessera.auth.web.AnsweredOAuthErrors;
import dev.tessera.auth.token.quota.TokenQuotaExceededException;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * An endpoint's refusal after the client authenticated ({@code invalid_scope},
 * {@code invalid_grant}, {@code invalid_request}, ...): recorded under that client
 * ({@link AuthenticatedClient}) as a {@code business_error} of the endpoint's operation,
 * then answered as Spring does. Where the client's assertion use rides with the event and
 * turns out to be a replay, the answer is that {@code invalid_client} instead: a replay
 * is answered as the replay it is, not as its other error. A used-up token quota is
 * answered 429 with {@code Retry-After}, its audit event left to the quota
 * ({@code token.quota.QuotaRefusalAuditing}).
 */
class ProtocolRefusalHandler implements AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(ProtocolRefusalHandler.class);

	private final ProtocolAuditing auditing;

	private final String operation;

	private final OAuth2ErrorAuthenticationFailureHandler delegate = new OAuth2ErrorAuthenticationFailureHandler();

	ProtocolRefusalHandler(ProtocolAuditing auditing, String operation) {
		this.auditing = auditing;
		this.operation = operation;
		// the metrics see the error this writes
		this.delegate.setErrorResponseConverter(AnsweredOAuthErrors.converter());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof TokenQuotaExceededException quota) {
			// audited where it was refused, the first per window at once and the rest
			// folded: a runaway client must not cost a write per refusal
			OAuth2ErrorResponses.tooManyRequests(response, quota.getError(), quota.retryAfterSeconds());
			return;
		}
		Map<String, Object> detail = new HashMap<>();
		detail.put("error", OAuth2ErrorResponses.errorOf(exception).getErrorCode());
		if (ProtocolEndpoints.ISSUE.equals(this.operation)) {
			detail.put("grant", AuditText.safe(request.getParameter("grant_type")));
			detail.put("scope", AuditText.safe(request.getParameter("scope")));
		}
		if (exception instanceof GrantAuditDetail grant) {
			detail.putAll(grant.auditDetail());
		}
		OAuth2ClientAuthenticationToken client = AuthenticatedClient.of(request);
		try {
			if (client == null) {
				this.auditing.recordQuietly(this.operation, AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
						ProtocolAuditing.claimed(request, detail), null);
			}
			else {
				AuditReceipt receipt = this.auditing.recordAndWait(request, client, this.operation,
						AuditOutcome.BUSINESS_ERROR, detail, null);
				if (receipt.refused()) {
					OAuth2ErrorResponses.refused(response, receipt.refusal());
					return;
				}
			}
		}
		catch (AuditUnavailableException ex) {
			log.error("Audit event {} (refusal) could not be stored: {}", this.operation, ex.getMessage());
		}
		this.delegate.onAuthenticationFailure(request, response, exception);
	}

}
