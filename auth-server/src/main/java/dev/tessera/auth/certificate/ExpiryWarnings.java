package dev.tessera.auth.certificate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.audit.JoinedWrite;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of expiry warnings given ({@code certificate_expiry_warning}): which
 * thresholds were announced for which certificate, read before a check so that a node
 * does not even try what is known to be done, and written only with the warning's audit
 * event ({@link #joinedMark}). Rows go a year after their certificate expired.
 */
public class ExpiryWarnings {

	private final JdbcTemplate jdbc;

	public ExpiryWarnings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The thresholds already given for each of these certificates (by thumbprint). */
	public Map<String, Set<Integer>> given(Collection<String> thumbprints) {
		Map<String, Set<Integer>> given = new HashMap<>();
		if (thumbprints.isEmpty()) {
			return given;
		}
		this.jdbc.query("select thumbprint, threshold_days from certificate_expiry_warning where thumbprint = any(?)",
				(statement) -> statement.setArray(1,
						statement.getConnection().createArrayOf("varchar", thumbprints.toArray(String[]::new))),
				(row) -> {
					given.computeIfAbsent(row.getString(1), (thumbprint) -> new HashSet<>()).add(row.getInt(2));
				});
		return given;
	}

	/** Marks the notice given, to commit with its audit event. */
	JoinedWrite<?> joinedMark(KnownCertificate certificate, ExpiryThresholds.Notice notice) {
		return ExpiryWarningWrite.INSTANCE.of(new ExpiryWarningWrite.Warning(certificate.thumbprint(),
				notice.threshold(), notice.alsoGiven(), certificate.notAfter(), certificate.subject()));
	}

	/**
	 * Forgets the warnings of certificates that expired before {@code cutoff}.
	 * @return how many rows went
	 */
	public int removeExpiredBefore(Instant cutoff) {
		return this.jdbc.update("delete from certificate_expiry_warning where not_after < ?",
				OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
	}

}
