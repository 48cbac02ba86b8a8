package dev.tessera.auth.audit.rollup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.rollup.RollupIncrements.OutcomeCount;
import dev.tessera.auth.audit.rollup.RollupIncrements.TokenCount;

/**
 * Adds a batch's {@link AuditRollup increments} to {@code token_usage_daily} and
 * {@code audit_outcome_hourly} on the writer's connection, inside the transaction that
 * inserts the batch's events: one statement for both tables (each table's rows as arrays,
 * one upsert per table, rows in key order), so a batch costs one round trip more and
 * nothing per event, and a batch that rolls back adds nothing. The rows carry the
 * writer's chain id, so no other node ever waits on them.
 */
public final class AuditRollupWriter {

	/**
	 * Both upserts in one statement: the token counts in a data-modifying {@code WITH},
	 * which PostgreSQL runs whether or not the outer statement reads it.
	 */
	public static final String UPSERT = """
			with tokens as (
			    insert into token_usage_daily (day, chain_id, client_id, scope, tokens)
			    select t.day, ?, t.client_id, t.scope, t.tokens
			    from unnest(?::date[], ?::varchar[], ?::varchar[], ?::bigint[]) as t(day, client_id, scope, tokens)
			    order by t.day, t.client_id, t.scope
			    on conflict (day, chain_id, client_id, scope)
			    do update set tokens = token_usage_daily.tokens + excluded.tokens
			)
			insert into audit_outcome_hourly (hour, chain_id, operation, outcome, error, events)
			select o.hour, ?, o.operation, o.outcome, o.error, o.events
			from unnest(?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])
			    as o(hour, operation, outcome, error, events)
			order by o.hour, o.operation, o.outcome, o.error
			on conflict (hour, chain_id, operation, outcome, error)
			do update set events = audit_outcome_hourly.events + excluded.events
			""";

	private final AuditRollup rollup;

	public AuditRollupWriter(AuditRollup rollup) {
		this.rollup = rollup;
	}

	/** Adds what the events count, in the connection's current transaction. */
	public void add(Connection connection, UUID chainId, List<AuditEvent> events) throws SQLException {
		RollupIncrements increments = this.rollup.aggregate(events);
		if (increments.isEmpty()) {
			return;
		}
		List<TokenCount> tokens = increments.tokens();
		List<OutcomeCount> outcomes = increments.outcomes();
		try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
			upsert.setObject(1, chainId);
			upsert.setArray(2, array(connection, "date", tokens, count -> count.day().toString()));
			upsert.setArray(3, array(connection, "varchar", tokens, TokenCount::clientId));
			upsert.setArray(4, array(connection, "varchar", tokens, TokenCount::scope));
			upsert.setArray(5, array(connection, "int8", tokens, TokenCount::tokens));
			upsert.setObject(6, chainId);
			upsert.setArray(7, array(connection, "timestamptz", outcomes, count -> count.hour().toString()));
			upsert.setArray(8, array(connection, "varchar", outcomes, OutcomeCount::operation));
			upsert.setArray(9, array(connection, "varchar", outcomes, OutcomeCount::outcome));
			upsert.setArray(10, array(connection, "varchar", outcomes, OutcomeCount::error));
			upsert.setArray(11, array(connection, "int8", outcomes, OutcomeCount::events));
			upsert.executeUpdate();
		}
	}

	private static <T> Array array(Connection connection, String type, List<T> rows, Function<T, Object> column)
			throws SQLException {
		return connection.createArrayOf(type, rows.stream().map(column).toArray());
	}

}
