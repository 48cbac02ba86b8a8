package dev.tessera.auth.token.quota;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's token counts in {@code token_quota_usage} (V13): one row per client and
 * UTC hour, added to by every node with one upsert per sync (its rows in a fixed order,
 * so two nodes' upserts never deadlock), read back in the same transaction. Instants are
 * bound with their UTC offset, so neither the JVM's nor the session's time zone matters.
 */
public class JdbcQuotaUsageStore implements QuotaUsageStore {

	private static final String ADD = """
			insert into token_quota_usage (client_pk, hour, tokens)
			select d.client_pk::uuid, d.hour, d.tokens
			from unnest(?::text[], ?::text[]::timestamptz[], ?::bigint[]) as d(client_pk, hour, tokens)
			order by 1, 2
			on conflict (client_pk, hour) do update set tokens = token_quota_usage.tokens + excluded.tokens
			""";

	private static final String TOTALS = """
			select client_pk::text as client_pk, coalesce(sum(tokens) filter (where hour = ?), 0) as hour_tokens,
			       sum(tokens) as day_tokens
			from token_quota_usage
			where hour >= ? and hour < ?
			group by client_pk
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public JdbcQuotaUsageStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public Map<String, Totals> addAndRead(List<Delta> deltas, Instant hour, Instant day) {
		return this.transactions.execute(status -> {
			if (!deltas.isEmpty()) {
				List<Delta> ordered = deltas.stream()
					.sorted(Comparator.comparing(Delta::clientKey).thenComparing(Delta::hour))
					.toList();
				this.jdbc.update(connection -> {
					var statement = connection.prepareStatement(ADD);
					statement.setArray(1,
							connection.createArrayOf("text", ordered.stream().map(Delta::clientKey).toArray()));
					// ISO-8601 instants in UTC ("...Z"), cast in SQL: the session's time
					// zone cannot shift them (timestamptz arrays bound from Timestamp are
					// rendered as local time without an offset)
					statement.setArray(2, connection.createArrayOf("text",
							ordered.stream().map(delta -> delta.hour().toString()).toArray()));
					statement.setArray(3,
							connection.createArrayOf("bigint", ordered.stream().map(Delta::tokens).toArray()));
					return statement;
				});
			}
			Map<String, Totals> totals = new HashMap<>();
			this.jdbc.query(TOTALS,
					(org.springframework.jdbc.core.RowCallbackHandler) row -> totals.put(row.getString("client_pk"),
							new Totals(row.getLong("hour_tokens"), row.getLong("day_tokens"))),
					utc(hour), utc(day), utc(day.plusSeconds(24 * 3600)));
			return totals;
		});
	}

	@Override
	public int removeBefore(Instant before) {
		return this.jdbc.update("delete from token_quota_usage where hour < ?", utc(before));
	}

	/** An instant bound with its offset (UTC), whatever the session's time zone. */
	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
