package dev.tessera.auth.audit.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditRow;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the audit trail for the admin API and exports: filtered, oldest first, in pages
 * continued by keyset ({@link AuditCursor}). Events appear once committed; since a writer
 * stamps an event slightly before it commits, an event may become visible a moment after
 * a later-stamped one, so a reader that has already paged past that time will not see it
 * in the same reading.
 */
public class AuditQuery {

	private static final String SELECT = "select " + AuditEventTable.COLUMNS + " from audit_event";

	/** The trail's order, backed by the {@code (occurred_at, id)} index. */
	static final String ORDER = " order by occurred_at, id limit ?";

	private final JdbcTemplate jdbc;

	public AuditQuery(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public AuditPage find(AuditSearch search) {
		Where where = matching(search.filter(), search.after());
		int limit = search.limit();
		// one more than asked for tells whether another page follows
		List<AuditRow> rows = this.jdbc.query(SELECT + where.sql() + ORDER, AuditEventTable.ROW_MAPPER,
				where.parameters(limit + 1));
		if (rows.size() <= limit) {
			return new AuditPage(rows, null);
		}
		List<AuditRow> page = rows.subList(0, limit);
		return new AuditPage(page, AuditCursor.after(page.get(limit - 1)));
	}

	static Where matching(AuditFilter filter, AuditCursor after) {
		Where where = new Where();
		if (filter.clientId() != null) {
			where.add("principal = ?", filter.clientId());
			where.add("principal_type = ?", "client");
		}
		where.equal("principal", filter.principal());
		where.equal("operation", filter.operation());
		where.equal("outcome", (filter.outcome() != null) ? filter.outcome().value() : null);
		where.equal("correlation_id", filter.correlationId());
		if (filter.from() != null) {
			where.add("occurred_at >= ?", utc(filter.from()));
		}
		if (filter.to() != null) {
			where.add("occurred_at < ?", utc(filter.to()));
		}
		if (after != null) {
			OffsetDateTime at = utc(after.occurredAt());
			where.add("(occurred_at > ? or (occurred_at = ? and id > ?))", at, at, after.id());
		}
		return where;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * The conditions of one reading, all of which must hold, with their parameters in
	 * order.
	 */
	static final class Where {

		private final List<String> conditions = new ArrayList<>();

		private final List<Object> parameters = new ArrayList<>();

		void add(String condition, Object... values) {
			this.conditions.add(condition);
			this.parameters.addAll(List.of(values));
		}

		void equal(String column, String value) {
			if (value != null) {
				add(column + " = ?", value);
			}
		}

		/** This reading's parameters, then {@code more}. */
		Object[] parameters(Object... more) {
			List<Object> all = new ArrayList<>(this.parameters);
			all.addAll(List.of(more));
			return all.toArray();
		}

		String sql() {
			return this.conditions.isEmpty() ? "" : " where " + String.join(" and ", this.conditions);
		}

	}

}
