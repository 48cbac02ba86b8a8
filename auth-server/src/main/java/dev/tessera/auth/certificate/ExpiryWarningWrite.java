package dev.tessera.auth.certificate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.audit.JoinedWriteKind;

/**
 * Marks an expiry warning as given, in the transaction of its audit event, so that the
 * node whose insert succeeds is the one that announces it and no other node (or a later
 * start) announces it again. The row of the announced threshold decides; the wider
 * thresholds the certificate is already inside are inserted with it whatever happens, so
 * they are never announced on their own. A refused item (another node was first) records
 * no event at all.
 */
final class ExpiryWarningWrite implements JoinedWriteKind<ExpiryWarningWrite.Warning> {

	/**
	 * One row per item counted: the announced threshold's ({@code insert ... select}, so
	 * the driver's batch rewriting leaves it alone); the wider thresholds go in by the
	 * data-modifying {@code with}, which the count does not include.
	 */
	static final String MARK_GIVEN = """
			with also_given as (
			    insert into certificate_expiry_warning (thumbprint, threshold_days, not_after, subject)
			    select ?, day, cast(? as timestamptz), ? from unnest(cast(? as integer[])) as day
			    on conflict do nothing)
			insert into certificate_expiry_warning (thumbprint, threshold_days, not_after, subject)
			select ?, ?, cast(? as timestamptz), ?
			on conflict do nothing""";

	/** Certificate, then threshold: the same on every node. */
	private static final Comparator<Warning> ORDER = Comparator.comparing(Warning::thumbprint)
		.thenComparingInt(Warning::threshold);

	static final ExpiryWarningWrite INSTANCE = new ExpiryWarningWrite();

	private ExpiryWarningWrite() {
	}

	/**
	 * One warning to mark given.
	 *
	 * @param threshold the threshold announced, or {@link ExpiryThresholds#EXPIRED}
	 * @param alsoGiven wider thresholds to mark given with it
	 */
	record Warning(String thumbprint, int threshold, Set<Integer> alsoGiven, Instant notAfter, String subject) {

		Warning {
			alsoGiven = Set.copyOf(alsoGiven);
			subject = (subject.length() > 1000) ? subject.substring(0, 1000) : subject;
		}

	}

	@Override
	public String name() {
		return "certificate_expiry_warning";
	}

	@Override
	public Comparator<Warning> order() {
		return ORDER;
	}

	@Override
	public int[] apply(Connection connection, List<Warning> warnings) throws SQLException {
		int[] counts = new int[warnings.size()];
		try (PreparedStatement statement = connection.prepareStatement(MARK_GIVEN)) {
			for (int i = 0; i < warnings.size(); i++) {
				Warning warning = warnings.get(i);
				OffsetDateTime notAfter = OffsetDateTime.ofInstant(warning.notAfter(), ZoneOffset.UTC);
				statement.setString(1, warning.thumbprint());
				statement.setObject(2, notAfter);
				statement.setString(3, warning.subject());
				statement.setArray(4, connection.createArrayOf("integer",
						warning.alsoGiven().stream().sorted().toArray(Integer[]::new)));
				statement.setString(5, warning.thumbprint());
				statement.setInt(6, warning.threshold());
				statement.setObject(7, notAfter);
				statement.setString(8, warning.subject());
				// few and rare: one statement each keeps every count exact
				counts[i] = statement.executeUpdate();
			}
		}
		return counts;
	}

	/** Another node gave this warning first: nothing is recorded for this one. */
	@Override
	public Map<String, Object> refusal(Warning warning) {
		return null;
	}

}
