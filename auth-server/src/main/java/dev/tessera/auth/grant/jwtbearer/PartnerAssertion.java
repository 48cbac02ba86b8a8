package dev.tessera.auth.grant.jwtbearer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.trust.TrustedIssuer;

/**
 * A partner's assertion that passed every check of {@link PartnerAssertionVerifier}:
 * signed by its trusted issuer, addressed here, in its time window, with a subject and an
 * id. Whether it was used before is decided when the exchange's audit event commits.
 *
 * @param expiresAt its {@code exp}, from which the single-use record's lifetime follows
 */
public record PartnerAssertion(TrustedIssuer trustedIssuer, String subject, String jti, Instant expiresAt) {

	/** The exchange's audit detail: who vouched for whom, never the assertion. */
	Map<String, Object> auditDetail() {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put(PartnerAssertionRefusal.PARTNER_ISSUER, this.trustedIssuer.issuer());
		detail.put(PartnerAssertionRefusal.SUBJECT, AuditText.safe(this.subject));
		detail.put("assertionJti", AuditText.safe(this.jti));
		detail.put("assertionVerified", true);
		return detail;
	}

}
