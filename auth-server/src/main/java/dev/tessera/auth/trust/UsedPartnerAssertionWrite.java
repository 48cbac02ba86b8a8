package dev.tessera.auth.trust;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.JoinedWriteKind;

/**
 * Marks a partner assertion as used in the transaction of its exchange's audit event (see
 * {@link UsedPartnerAssertions}): a first use of an {@code (issuer, jti)} pair, or one
 * over a row expired on the database's clock, changes one row; a replay, on any node,
 * none, and its event is recorded as the refusal {@link #refusal} describes.
 */
final class UsedPartnerAssertionWrite implements JoinedWriteKind<UsedPartnerAssertionWrite.Use> {

	/**
	 * Changes one row on a first use, none on a replay. Written as
	 * {@code insert ... select} so that the driver's batch rewriting keeps per-row
	 * counts.
	 */
	static final String RECORD_USE = """
			insert into used_partner_assertion (issuer, jti, expires_at)
			select ?, ?, cast(? as timestamptz)
			on conflict (issuer, jti) do update set expires_at = excluded.expires_at
			where used_partner_assertion.expires_at < clock_timestamp()""";

	static final UsedPartnerAssertionWrite INSTANCE = new UsedPartnerAssertionWrite();

	/** Issuer, then {@code jti}: the same order on every node. */
	private static final Comparator<Use> ORDER = Comparator.comparing(Use::issuer)
		.thenComparing(Use::jti)
		.thenComparing(Use::rememberUntil);

	private UsedPartnerAssertionWrite() {
	}

	/**
	 * One use of a partner assertion.
	 *
	 * @param auditDetail the exchange's audit detail (issuer, subject), kept in the
	 * refusal
	 */
	record Use(String issuer, String jti, Instant rememberUntil, Map<String, Object> auditDetail) {

	}

	@Override
	public String name() {
		return "used_partner_assertion";
	}

	@Override
	public Comparator<Use> order() {
		return ORDER;
	}

	@Override
	public int[] apply(Connection connection, List<Use> uses) throws SQLException {
		return JoinedWriteKind.executeEach(connection, RECORD_USE, uses, (use) -> new Object[] { use.issuer(),
				use.jti(), OffsetDateTime.ofInstant(use.rememberUntil(), ZoneOffset.UTC) });
	}

	/** A replay: {@code invalid_grant}, saying why, with the exchange's own detail. */
	@Override
	public Map<String, Object> refusal(Use use) {
		Map<String, Object> refusal = new HashMap<>(use.auditDetail());
		refusal.put("error", "invalid_grant");
		refusal.put("reason", "assertion_replayed");
		refusal.put("description", "the assertion's jti was used before: an assertion is exchanged once");
		return refusal;
	}

}
