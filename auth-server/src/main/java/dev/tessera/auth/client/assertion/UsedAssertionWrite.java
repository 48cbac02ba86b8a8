package dev.tessera.auth.client.assertion;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.JoinedWriteKind;

/**
 * Marks client assertions as used in the transaction of their requests' audit events (see
 * {@link AssertionReplayGuard}): a token costs one batched write, not two commits. A
 * first use (or one over a row expired on the database's clock) changes one row, a replay
 * none; the replay's event is then recorded as {@link #REPLAYED}.
 */
final class UsedAssertionWrite implements JoinedWriteKind<UsedAssertionWrite.Use> {

	/**
	 * Changes one row on a first use (or over a row expired on the database's clock),
	 * none on a replay; binds client id, jti and until when to remember it. Written as
	 * {@code insert ... select}, not {@code values}: the driver's batch rewriting
	 * ({@code reWriteBatchedInserts}) would merge a {@code values} batch into one
	 * statement and lose the per-row counts that tell a replay apart.
	 */
	static final String RECORD_USE = """
			insert into used_client_assertion (client_id, jti, expires_at)
			select ?, ?, cast(? as timestamptz)
			on conflict (client_id, jti) do update set expires_at = excluded.expires_at
			where used_client_assertion.expires_at < clock_timestamp()""";

	/** The audit detail of a replayed assertion: a failed client authentication. */
	static final Map<String, Object> REPLAYED = Map.of("error", "invalid_client", "stage", "client_authentication",
			"reason", "assertion_replayed");

	/** Client, then {@code jti}, then time: the same on every node. */
	private static final Comparator<Use> ORDER = Comparator.comparing(Use::clientId)
		.thenComparing(Use::jti)
		.thenComparing(Use::rememberUntil);

	static final UsedAssertionWrite INSTANCE = new UsedAssertionWrite();

	private UsedAssertionWrite() {
	}

	/**
	 * One use of an assertion.
	 *
	 * @param rememberUntil until when to keep the row
	 * ({@link ClientAssertionClaims#rememberUntil})
	 */
	record Use(String clientId, String jti, Instant rememberUntil) {

		Object[] parameters() {
			return new Object[] { this.clientId, this.jti,
					OffsetDateTime.ofInstant(this.rememberUntil, ZoneOffset.UTC) };
		}

	}

	@Override
	public String name() {
		return "used_client_assertion";
	}

	@Override
	public Comparator<Use> order() {
		return ORDER;
	}

	@Override
	public int[] apply(Connection connection, List<Use> uses) throws SQLException {
		return JoinedWriteKind.executeEach(connection, RECORD_USE, uses, Use::parameters);
	}

	@Override
	public Map<String, Object> refusal(Use use) {
		return REPLAYED;
	}

}
