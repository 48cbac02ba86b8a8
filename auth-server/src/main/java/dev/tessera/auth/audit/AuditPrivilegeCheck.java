package dev.tessera.auth.audit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Says loudly at start when the server's own database role could rewrite the audit
 * trail (it owns {@code audit_event}, is a superuser, or may update, delete or truncate
 * it): the trail then holds only as far as the keyed chain and the checkpoints reach,
 * because that role can drop the triggers. The fix is the two roles of db/README.md.
 */
public final class AuditPrivilegeCheck {

	private static final Logger log = LoggerFactory.getLogger(AuditPrivilegeCheck.class);

	static final String QUERY = "select r.rolsuper or pg_has_role(current_user, c.relowner, 'usage') "
			+ "or has_table_privilege(c.oid, 'update') or has_table_privilege(c.oid, 'delete') "
			+ "or has_table_privilege(c.oid, 'truncate') "
			+ "from pg_class c, pg_roles r where c.oid = to_regclass('audit_event') and r.rolname = current_user";

	private AuditPrivilegeCheck() {
	}

	/** @return whether the server's role can change audit rows */
	public static boolean warnIfTheServerCanRewrite(DataSource dataSource) {
		Boolean can = new JdbcTemplate(dataSource).query(QUERY, rs -> rs.next() && rs.getBoolean(1));
		if (Boolean.TRUE.equals(can)) {
			log.warn("""

					************************************************************************
					  The server's database role can change or remove audit rows (it owns
					  audit_event, is a superuser, or holds UPDATE/DELETE/TRUNCATE on it).
					  Run Flyway as a separate owner (SPRING_FLYWAY_USER) and the server as
					  a member of tessera_runtime: see db/README.md, "Database roles".
					************************************************************************""");
		}
		return Boolean.TRUE.equals(can);
	}

}
