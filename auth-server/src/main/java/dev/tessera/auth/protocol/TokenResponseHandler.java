package dev.tessera.auth.protocol;

import java.io.IOException;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.SignedJWT;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.token.GrantAuditDetail;
import dev.tessera.auth.token.quota.UndeliveredTokens;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Token endpoint success: the {@code token.issue} event, with the token's {@code jti} and
 * {@code kid} (never the token), is durable before the token leaves, together with the
 * single use of the client's assertion and whatever the grant adds
 * ({@link GrantAuditDetail}: a partner assertion's single use), one batched write per
 * token. When the audit store cannot take it the caller gets 503
 * {@code temporarily_unavailable}; when an assertion turns out to be a replay, the
 * refusal its write describes (401 {@code invalid_client} for a client assertion, 400
 * {@code invalid_grant} for a partner's). Either way the signed token is dropped unseen;
 * on the 503 it no longer counts against the client's token quota.
 */
class TokenResponseHandler implements AuthenticationSuccessHandler {

	private final ProtocolAuditing auditing;

	private final AuthenticationSuccessHandler delegate = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	TokenResponseHandler(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
		OAuth2AccessToken token = issued.getAccessToken();
		Map<String, Object> detail = new HashMap<>();
		detail.put("grant", AuditText.safe(request.getParameter("grant_type")));
		detail.put("scope", String.join(" ", token.getScopes()));
		TokenIds ids = TokenIds.of(token.getTokenValue());
		detail.put("jti", ids.jti());
		detail.put("kid", ids.kid());
		detail.put("expiresAt", String.valueOf(token.getExpiresAt()));
		List<JoinedWrite<?>> grantWrites = List.of();
		if (issued instanceof GrantAuditDetail grant) {
			detail.putAll(grant.auditDetail());
			grantWrites = grant.joinedWrites();
		}
		AuditReceipt receipt;
		try {
			receipt = this.auditing.recordAndWait(request, (OAuth2ClientAuthenticationToken) issued.getPrincipal(),
					ProtocolEndpoints.ISSUE, AuditOutcome.SUCCESS, detail, "jti:" + ids.jti(), grantWrites);
		}
		catch (AuditUnavailableException ex) {
			UndeliveredTokens.notDelivered(request); // its quota is not used up by a 503
			OAuth2ErrorResponses.temporarilyUnavailable(response,
					"The audit store is unavailable; no token was issued");
			return;
		}
		if (receipt.refused()) {
			OAuth2ErrorResponses.refused(response, receipt.refusal());
			return;
		}
		this.delegate.onAuthenticationSuccess(request, response, authentication);
		TokenRequestMetricsFilter.issued(request);
	}

	/**
	 * The {@code jti} and {@code kid} of a token this server just signed (read, not
	 * verified).
	 */
	record TokenIds(String jti, String kid) {

		static TokenIds of(String jwt) {
			try {
				SignedJWT parsed = SignedJWT.parse(jwt);
				return new TokenIds(parsed.getJWTClaimsSet().getJWTID(), parsed.getHeader().getKeyID());
			}
			catch (ParseException ex) {
				return new TokenIds(null, null);
			}
		}

	}

}
