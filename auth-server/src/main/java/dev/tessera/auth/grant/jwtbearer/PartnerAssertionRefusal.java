package dev.tessera.auth.grant.jwtbearer;

import java.util.HashMap;
import java.util.Map;

import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.token.GrantAuditDetail;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A refused JWT-bearer exchange: the RFC 6749 error the client gets
 * ({@code invalid_grant} with a description naming the check that failed, or
 * {@code invalid_scope}, ...), and the audit detail of the refusal (the partner issuer
 * and subject as far as they are known, whether the assertion had been verified, and the
 * reason), recorded by the protocol's refusal handler. Never the assertion itself.
 */
public final class PartnerAssertionRefusal extends OAuth2AuthenticationException implements GrantAuditDetail {

	static final String PARTNER_ISSUER = "partnerIssuer";

	static final String SUBJECT = "subject";

	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3.1";

	private final Map<String, Object> auditDetail;

	private PartnerAssertionRefusal(OAuth2Error error, Map<String, Object> auditDetail) {
		super(error, error.getDescription());
		this.auditDetail = Map.copyOf(auditDetail);
	}

	/**
	 * {@code invalid_grant} for an assertion not (yet) verified.
	 * @param claimedIssuer its {@code iss} as sent (unverified), or null
	 * @param claimedSubject its {@code sub} as sent (unverified), or null
	 */
	static PartnerAssertionRefusal invalidGrant(String reason, String claimedIssuer, String claimedSubject) {
		return invalidGrant(reason, claimedIssuer, claimedSubject, reason);
	}

	/**
	 * As above, with a fuller reason for the audit trail than the client is told.
	 */
	static PartnerAssertionRefusal invalidGrant(String reason, String claimedIssuer, String claimedSubject,
			String auditReason) {
		Map<String, Object> detail = claimed(claimedIssuer, claimedSubject);
		detail.put("reason", AuditText.safe(auditReason));
		return new PartnerAssertionRefusal(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, reason, ERROR_URI), detail);
	}

	/**
	 * {@code invalid_grant} for an assertion whose signature verified but whose claims
	 * break a rule (expired, wrong audience, ...): a genuine but unusable assertion, told
	 * apart in the audit trail from a forgery.
	 */
	static PartnerAssertionRefusal signedButRefused(String reason, String issuer, String subject, String jti) {
		Map<String, Object> detail = claimed(issuer, subject);
		detail.put("assertionVerified", true);
		putIfPresent(detail, "assertionJti", AuditText.safe(jti));
		detail.put("reason", AuditText.safe(reason));
		return new PartnerAssertionRefusal(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, reason, ERROR_URI), detail);
	}

	/** The audit detail of an assertion not (yet) verified: what it claims, made safe. */
	static Map<String, Object> claimed(String claimedIssuer, String claimedSubject) {
		Map<String, Object> detail = new HashMap<>();
		putIfPresent(detail, PARTNER_ISSUER, AuditText.safe(claimedIssuer));
		putIfPresent(detail, SUBJECT, AuditText.safe(claimedSubject));
		detail.put("assertionVerified", false);
		return detail;
	}

	/** Any error, for a verified assertion. */
	static PartnerAssertionRefusal of(OAuth2Error error, PartnerAssertion assertion) {
		return of(error, assertion.auditDetail());
	}

	/** Any error, with this audit detail. */
	static PartnerAssertionRefusal of(OAuth2Error error, Map<String, Object> detail) {
		Map<String, Object> withReason = new HashMap<>(detail);
		putIfPresent(withReason, "reason", AuditText.safe(error.getDescription()));
		return new PartnerAssertionRefusal(error, withReason);
	}

	private static void putIfPresent(Map<String, Object> detail, String key, Object value) {
		if (value != null) {
			detail.put(key, value);
		}
	}

	@Override
	public Map<String, Object> auditDetail() {
		return this.auditDetail;
	}

}
