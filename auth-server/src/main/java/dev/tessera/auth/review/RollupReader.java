package dev.tessera.auth.review;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads the audit rollups ({@code token_usage_daily}, {@code audit_outcome_hourly}, kept
 * by the audit writer, V11) and nothing else: never {@code audit_event}, so the reviews
 * cost the same with millions of events as with a few. Each figure sums the rows of every
 * node's chain.
 */
public class RollupReader {

	/** Every client's tokens per scope in a window, {@code ""} for all of them. */
	static final String SCOPE_USAGE = """
			select client_id, scope, sum(tokens) as tokens, max(day) as last_day
			from token_usage_daily
			where day between ? and ?
			group by client_id, scope
			""";

	/** Each client's last date with a token, ever. */
	static final String LAST_TOKEN_DAYS = """
			select client_id, max(day) as last_day
			from token_usage_daily
			where scope = ''
			group by client_id
			""";

	/** Every client's tokens per date in a window. */
	static final String TOKENS_PER_DAY = """
			select day, sum(tokens) as tokens
			from token_usage_daily
			where scope = '' and day between ? and ?
			group by day
			""";

	/** One client's tokens per date and scope in a window. */
	static final String CLIENT_USAGE = """
			select day, scope, sum(tokens) as tokens
			from token_usage_daily
			where client_id = ? and day between ? and ?
			group by day, scope
			""";

	/** See {@link #failedAuthentications}. */
	static final String FAILED_AUTHENTICATIONS = """
			select coalesce(sum(events), 0)
			from audit_outcome_hourly
			where hour >= ? and outcome = 'business_error'
			  and (error = 'invalid_client' or operation = 'user.authenticate')
			""";

	private final JdbcTemplate jdbc;

	public RollupReader(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Every client's tokens in the window, per scope, with a {@code ""} row for all its
	 * tokens.
	 */
	public List<ScopeUsage> scopeUsage(ReviewWindow window) {
		return this.jdbc.query(SCOPE_USAGE, (rs, i) -> new ScopeUsage(rs.getString("client_id"), rs.getString("scope"),
				rs.getLong("tokens"), rs.getObject("last_day", LocalDate.class)), window.from(), window.to());
	}

	/** Each client's last UTC date with a token, for clients that ever got one. */
	public Map<String, LocalDate> lastTokenDays() {
		Map<String, LocalDate> days = new HashMap<>();
		RowCallbackHandler collect = rs -> days.put(rs.getString("client_id"),
				rs.getObject("last_day", LocalDate.class));
		this.jdbc.query(LAST_TOKEN_DAYS, collect);
		return days;
	}

	/** Tokens per UTC date of the window (dates without tokens absent). */
	public Map<LocalDate, Long> tokensPerDay(ReviewWindow window) {
		Map<LocalDate, Long> days = new HashMap<>();
		RowCallbackHandler collect = rs -> days.put(rs.getObject("day", LocalDate.class), rs.getLong("tokens"));
		this.jdbc.query(TOKENS_PER_DAY, collect, window.from(), window.to());
		return days;
	}

	/** One client's tokens per UTC date and scope in the window. */
	public List<ClientUsage.Row> clientUsage(String clientId, ReviewWindow window) {
		return this.jdbc.query(CLIENT_USAGE, (rs, i) -> new ClientUsage.Row(rs.getObject("day", LocalDate.class),
				rs.getString("scope"), rs.getLong("tokens")), clientId, window.from(), window.to());
	}

	/**
	 * Failed authentications in the hours from {@code since} (the start of an hour) on:
	 * refusals ({@code business_error}) with the error {@code invalid_client} (a client's
	 * credentials or assertion refused, on any protocol endpoint), and refused sign-ins
	 * of people ({@code user.authenticate}, whatever the reason).
	 */
	public long failedAuthentications(Instant since) {
		Long sum = this.jdbc.queryForObject(FAILED_AUTHENTICATIONS, Long.class,
				OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
		return (sum != null) ? sum : 0;
	}

}
