package dev.tessera.auth.audit.integrity;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks at start whether the server's own database role could rewrite the audit trail
 * (it owns {@code audit_event}, is a superuser, or may update, delete or truncate it or
 * one of its month partitions, which a statement naming the partition reaches directly):
 * the trail then holds only as far as the keyed chain and the checkpoints reach, because
 * that role can drop the triggers. In production mode that stops the start; in
 * development it is a loud warning. The fix is the two roles of db/README.md.
 */
public final class AuditPrivilegeCheck {

	private static final Logger log = LoggerFactory.getLogger(AuditPrivilegeCheck.class);

	static final String QUERY = "select current_user as role, r.rolsuper as superuser, "
			+ "pg_has_role(current_user, c.relowner, 'usage') as owner, "
			+ "has_table_privilege(c.oid, 'update') as can_update, has_table_privilege(c.oid, 'delete') as can_delete, "
			+ "has_table_privilege(c.oid, 'truncate') as can_truncate "
			+ "from pg_class c, pg_roles r where c.oid = to_regclass('audit_event') and r.rolname = current_user";

	/** The month partitions the role owns or may update, delete or truncate. */
	static final String PARTITIONS = "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
			+ "where i.inhparent = to_regclass('audit_event') and (pg_has_role(current_user, c.relowner, 'usage') "
			+ "or has_table_privilege(c.oid, 'update') or has_table_privilege(c.oid, 'delete') "
			+ "or has_table_privilege(c.oid, 'truncate')) order by c.relname";

	private static final String FIX = "Run Flyway as a separate owner role (SPRING_FLYWAY_USER, "
			+ "SPRING_FLYWAY_PASSWORD) and the server as a login role that is a member of tessera_runtime and "
			+ "owns nothing (SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD): see db/README.md, "
			+ "\"Database roles\".";

	private AuditPrivilegeCheck() {
	}

	/**
	 * Refuses to start in production, and warns in development, when the server's role
	 * can change audit rows.
	 * @throws IllegalStateException in production mode when it can
	 */
	public static void check(DataSource dataSource, boolean production) {
		List<String> rights = rewriteRights(dataSource);
		if (rights.isEmpty()) {
			return;
		}
		if (production) {
			throw new IllegalStateException("Production mode refuses to run as a database role that can rewrite "
					+ "the audit trail: " + String.join(", ", rights) + ". " + FIX);
		}
		warn(rights);
	}

	/**
	 * @return whether the server's role can change audit rows (warned about if so)
	 */
	public static boolean warnIfTheServerCanRewrite(DataSource dataSource) {
		List<String> rights = rewriteRights(dataSource);
		if (!rights.isEmpty()) {
			warn(rights);
		}
		return !rights.isEmpty();
	}

	/**
	 * What the server's role may do to {@code audit_event} beyond INSERT and SELECT;
	 * empty when nothing.
	 */
	static List<String> rewriteRights(DataSource dataSource) {
		List<String> rights = new ArrayList<>();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.query(QUERY, rs -> {
			String role = "role '" + rs.getString("role") + "'";
			if (rs.getBoolean("superuser")) {
				rights.add(role + " is a superuser");
			}
			if (rs.getBoolean("owner")) {
				rights.add(role + " owns audit_event (or is a member of its owner)");
			}
			List<String> grants = new ArrayList<>();
			if (rs.getBoolean("can_update")) {
				grants.add("UPDATE");
			}
			if (rs.getBoolean("can_delete")) {
				grants.add("DELETE");
			}
			if (rs.getBoolean("can_truncate")) {
				grants.add("TRUNCATE");
			}
			if (!grants.isEmpty()) {
				rights.add(role + " holds " + String.join("/", grants) + " on audit_event");
			}
		});
		List<String> partitions = jdbc.queryForList(PARTITIONS, String.class);
		if (!partitions.isEmpty()) {
			rights.add("the role owns or may update, delete or truncate partition(s) " + String.join(", ", partitions)
					+ " of audit_event");
		}
		return rights;
	}

	private static void warn(List<String> rights) {
		log.warn("""

				************************************************************************
				  The server's database role can change or remove audit rows:
				  {}.
				  Run Flyway as a separate owner (SPRING_FLYWAY_USER) and the server as
				  a member of tessera_runtime: see db/README.md, "Database roles".
				  (Production mode refuses to start like this.)
				************************************************************************""", String.join("; ", rights));
	}

}
