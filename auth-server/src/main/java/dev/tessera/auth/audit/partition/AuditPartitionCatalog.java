package dev.tessera.auth.audit.partition;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the partitions of {@code audit_event} from PostgreSQL's catalog, oldest first.
 * Any role may read the catalog, so the runtime role sees them without owning them. The
 * bounds are cut out of the partition bound expression as the migration V14 and its
 * functions do ({@code FOR VALUES FROM ('…') TO ('…')}); a partition without such bounds
 * (a DEFAULT partition, which Tessera never creates) is left out.
 */
public final class AuditPartitionCatalog {

	static final String SELECT = """
			select c.relname as name,
			       substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM \\(''([^'']+)''\\)')::timestamptz as lower_bound,
			       substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)')::timestamptz as upper_bound
			from pg_inherits i join pg_class c on c.oid = i.inhrelid
			where i.inhparent = to_regclass('audit_event')
			order by lower_bound""";

	private AuditPartitionCatalog() {
	}

	/** Every month partition, oldest first. */
	public static List<AuditPartitionRange> partitions(JdbcTemplate jdbc) {
		return jdbc.query(SELECT, (rs, n) -> {
			OffsetDateTime from = rs.getObject("lower_bound", OffsetDateTime.class);
			OffsetDateTime to = rs.getObject("upper_bound", OffsetDateTime.class);
			return (from == null || to == null) ? null
					: new AuditPartitionRange(rs.getString("name"), from.toInstant(), to.toInstant());
		}).stream().filter(range -> range != null).toList();
	}

}
