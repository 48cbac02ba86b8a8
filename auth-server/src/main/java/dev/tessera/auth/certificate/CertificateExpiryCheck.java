package dev.tessera.auth.certificate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;

/**
 * Announces certificates about to expire, and expired ones, to the log and the audit
 * trail: once per certificate and threshold ({@link ExpiryThresholds}) across restarts
 * and nodes. Each announcement is an audit event ({@code certificate.expiring}, or
 * {@code certificate.expired}, principal type {@code system}) that carries the insert of
 * its {@code certificate_expiry_warning} row in its own transaction
 * ({@link ExpiryWarningWrite}): only the node whose insert succeeds records the event and
 * writes the log line (WARN, or ERROR when expired), and a failed audit write leaves no
 * row, so the next check tries again. A certificate Tessera knows twice (a client CA that
 * also issued the server's chain, one certificate in two clients' key sets) is announced
 * once.
 */
public class CertificateExpiryCheck {

	private static final Logger log = LoggerFactory.getLogger(CertificateExpiryCheck.class);

	/** The audit trail's principal for these events. */
	static final String PRINCIPAL = "certificate-lifecycle";

	private final ExpiryThresholds thresholds;

	private final ExpiryWarnings warnings;

	private final AuditTrail trail;

	private final Clock clock;

	public CertificateExpiryCheck(ExpiryThresholds thresholds, ExpiryWarnings warnings, AuditTrail trail, Clock clock) {
		this.thresholds = thresholds;
		this.warnings = warnings;
		this.trail = trail;
		this.clock = clock;
	}

	/**
	 * Announces what is due for these certificates, then forgets the warnings of
	 * certificates expired for a year.
	 * @return the announcements this node made (another node's are not included)
	 */
	public List<Announcement> check(List<KnownCertificate> certificates) {
		Instant now = this.clock.instant();
		Map<String, KnownCertificate> distinct = new LinkedHashMap<>();
		certificates.forEach((certificate) -> distinct.putIfAbsent(certificate.thumbprint(), certificate));
		Map<String, Set<Integer>> given = this.warnings.given(distinct.keySet());
		List<Announcement> made = new ArrayList<>();
		for (KnownCertificate certificate : distinct.values()) {
			this.thresholds.due(certificate.notAfter(), now, given.getOrDefault(certificate.thumbprint(), Set.of()))
				.ifPresent((notice) -> {
					if (announce(certificate, notice)) {
						made.add(new Announcement(certificate, notice.threshold()));
					}
				});
		}
		this.warnings.removeExpiredBefore(now.minus(ExpiryThresholds.REMEMBERED));
		return made;
	}

	private boolean announce(KnownCertificate certificate, ExpiryThresholds.Notice notice) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("thumbprint", certificate.thumbprint());
		detail.put("subject", certificate.subject());
		detail.put("kind", certificate.kind().value());
		detail.put("notAfter", certificate.notAfter().toString());
		detail.put("owner", certificate.owner());
		if (!notice.expired()) {
			detail.put("thresholdDays", notice.threshold());
		}
		String operation = notice.expired() ? "certificate.expired" : "certificate.expiring";
		AuditReceipt receipt;
		try {
			receipt = this.trail.recordAndWait(operation, AuditOutcome.SUCCESS, AuditTrail.Actor.system(PRINCIPAL),
					detail, "certificate:" + certificate.thumbprint(),
					List.of(this.warnings.joinedMark(certificate, notice)));
		}
		catch (AuditUnavailableException ex) {
			// the event may still be committed later (the writer keeps its queue): the
			// warning goes to the log now, so it is not lost if it is
			log.warn(
					"The {} certificate {} (x5t#S256 {}) {} {}; its audit event could not be confirmed ({}), "
							+ "the next check records it unless it was",
					certificate.kind().value(), certificate.subject(), certificate.thumbprint(),
					notice.expired() ? "expired at" : "expires at", certificate.notAfter(), ex.getMessage());
			return false;
		}
		if (receipt.refused()) {
			return false; // another node announced it first
		}
		String owner = (certificate.owner() != null) ? ", client " + certificate.owner() : "";
		if (notice.expired()) {
			log.error("The {} certificate {}{} (x5t#S256 {}, serial {}) expired at {}: it is no longer valid",
					certificate.kind(), certificate.subject(), owner, certificate.thumbprint(),
					certificate.serialNumber(), certificate.notAfter());
		}
		else {
			log.warn("The {} certificate {}{} (x5t#S256 {}, serial {}) expires at {}: fewer than {} days left",
					certificate.kind(), certificate.subject(), owner, certificate.thumbprint(),
					certificate.serialNumber(), certificate.notAfter(), notice.threshold());
		}
		return true;
	}

	/**
	 * One announcement made by this node.
	 *
	 * @param threshold days, or {@link ExpiryThresholds#EXPIRED}
	 */
	public record Announcement(KnownCertificate certificate, int threshold) {
	}

}
