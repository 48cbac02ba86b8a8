package dev.tessera.auth.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

/**
 * How an {@link AuditRow} maps to the {@code audit_event} table: its columns, the one
 * insert the writer runs, and reading a row back. Every part of the trail that reads
 * whole rows (the verifier, retention, the query) reads them here, so the column list and
 * its order exist once.
 */
public final class AuditEventTable {

	/** Every column, in {@link AuditRow}'s order. */
	public static final String COLUMNS = "id, chain_id, seq, occurred_at, correlation_id, principal, principal_type, "
			+ "operation, source_ip, outcome, detail, payload_ref, prev_hash, hash";

	/** The only statement that adds to the trail; {@link #bindInsert} fills it. */
	public static final String INSERT = "insert into audit_event (" + COLUMNS + ") "
			+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/**
	 * Reads the current row of a result that selected {@link #COLUMNS} (by name, so
	 * aliases do not matter).
	 */
	public static final RowMapper<AuditRow> ROW_MAPPER = (rs, rowNum) -> read(rs);

	private AuditEventTable() {
	}

	/** The current row of a result that selected {@link #COLUMNS}. */
	public static AuditRow read(ResultSet rs) throws SQLException {
		return new AuditRow(rs.getObject("id", UUID.class), rs.getObject("chain_id", UUID.class), rs.getLong("seq"),
				rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id"),
				rs.getString("principal"), rs.getString("principal_type"), rs.getString("operation"),
				rs.getString("source_ip"), rs.getString("outcome"), rs.getString("detail"), rs.getString("payload_ref"),
				rs.getBytes("prev_hash"), rs.getBytes("hash"));
	}

	/**
	 * Binds every parameter of {@link #INSERT} to the row (which must carry its hash).
	 */
	public static void bindInsert(PreparedStatement insert, AuditRow row) throws SQLException {
		insert.setObject(1, row.id());
		insert.setObject(2, row.chainId());
		insert.setLong(3, row.seq());
		insert.setObject(4, OffsetDateTime.ofInstant(row.occurredAt(), ZoneOffset.UTC));
		insert.setString(5, row.correlationId());
		insert.setString(6, row.principal());
		insert.setString(7, row.principalType());
		insert.setString(8, row.operation());
		insert.setString(9, row.sourceIp());
		insert.setString(10, row.outcome());
		insert.setString(11, row.detail());
		insert.setString(12, row.payloadRef());
		insert.setBytes(13, row.prevHash());
		insert.setBytes(14, row.hash());
	}

}
