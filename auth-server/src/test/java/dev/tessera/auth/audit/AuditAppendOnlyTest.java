package dev.tessera.auth.audit;

import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditPrivilegeCheck;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database itself refuses to change the trail through the server's own connections
 * (the runtime role, a member of {@code tessera_runtime}): no UPDATE, DELETE, TRUNCATE,
 * ALTER TABLE or trigger switch, and the retention flag opens nothing; rows leave only
 * through {@code audit_retention_drop_partition}, and only as an old month. The owner
 * role (which runs the migrations) is still stopped by the triggers unless it disables
 * them.
 */
@TesseraServerTest
class AuditAppendOnlyTest {

	@Autowired
	AuditTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	UUID recordOne() {
		String tag = AuditTestSupport.tag();
		return AuditTestSupport.record(this.trail, this.jdbc, tag, null, "test." + tag + ".append",
				AuditOutcome.BUSINESS_ERROR, AuditTrail.Actor.system("append-only"), Map.of("k", "v"), null);
	}

	@Test
	void theServerRunsAsTheRuntimeRoleNotTheOwner() {
		assertThat(this.jdbc.queryForObject("select current_user", String.class)).isEqualTo(TestDatabase.RUNTIME);
		assertThat(this.jdbc.queryForObject(
				"select pg_get_userbyid(relowner) from pg_class where relname = 'audit_event'", String.class))
			.isEqualTo(TestDatabase.OWNER);
		assertThat(
				this.jdbc.queryForObject("select rolsuper from pg_roles where rolname = current_user", Boolean.class))
			.isFalse();
		assertThat(AuditPrivilegeCheck.warnIfTheServerCanRewrite(this.jdbc.getDataSource())).isFalse();
		assertThat(AuditPrivilegeCheck.warnIfTheServerCanRewrite(
				new DriverManagerDataSource(this.databaseUrl, TestDatabase.OWNER, TestDatabase.get().ownerPassword())))
			.as("a single role for everything is warned about")
			.isTrue();
		AuditPrivilegeCheck.check(this.jdbc.getDataSource(), true);
		AuditPrivilegeCheck.check(
				new DriverManagerDataSource(this.databaseUrl, TestDatabase.OWNER, TestDatabase.get().ownerPassword()),
				false);
		assertThatThrownBy(() -> AuditPrivilegeCheck.check(
				new DriverManagerDataSource(this.databaseUrl, TestDatabase.OWNER, TestDatabase.get().ownerPassword()),
				true))
			.as("and refused in production")
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("owns audit_event");
	}

	@Test
	void updatesAreRefused() {
		UUID id = recordOne();
		assertRefused(() -> this.jdbc.update("update audit_event set outcome = 'success' where id = ?", id));
		assertRefused(() -> this.jdbc.update("update audit_event set outcome = 'success'"));
		assertThat(this.jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, id))
			.isEqualTo("business_error");
	}

	@Test
	void deletesAreRefused() {
		UUID id = recordOne();
		long before = count();
		assertRefused(() -> this.jdbc.update("delete from audit_event where id = ?", id));
		assertRefused(() -> this.jdbc.update("delete from audit_event"));
		assertThat(count()).isGreaterThanOrEqualTo(before);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, id))
			.isEqualTo(1);
	}

	@Test
	void truncateIsRefused() {
		recordOne();
		assertRefused(() -> this.jdbc.execute("truncate audit_event"));
		assertThat(count()).isPositive();
	}

	@Test
	void theTableAndItsTriggersCannotBeChanged() {
		recordOne();
		assertRefused(
				() -> this.jdbc.execute("alter table audit_event disable trigger audit_event_no_update_or_delete"));
		assertRefused(() -> this.jdbc.execute("alter table audit_event disable trigger all"));
		assertRefused(() -> this.jdbc.execute("drop trigger audit_event_no_update_or_delete on audit_event"));
		assertRefused(() -> this.jdbc.execute("alter table audit_event add column note text"));
		assertRefused(() -> this.jdbc.execute("set session_replication_role = replica"));
		assertRefused(() -> this.jdbc.execute("create or replace function audit_event_append_only() returns trigger "
				+ "language plpgsql as $$ begin return old; end $$"));
		assertRefused(() -> this.jdbc.update("delete from audit_legacy_chain"));
		assertRefused(() -> this.jdbc.update("insert into audit_legacy_chain (chain_id, last_seq, last_hash) "
				+ "values (gen_random_uuid(), 1, '\\x00')"));
	}

	@Test
	void theRetentionFlagOpensNothing() {
		UUID id = recordOne();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.jdbc.execute("set local tessera.audit_retention = 'on'");
			this.jdbc.update("delete from audit_event where id = ?", id);
		})).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.jdbc.execute("set local tessera.audit_retention = 'on'");
			this.jdbc.update("update audit_event set detail = '{}' where id = ?", id);
		})).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, id))
			.isEqualTo(1);
	}

	@Test
	void theRetentionFunctionDropsNoYoungMonth() {
		UUID id = recordOne();
		String month = this.jdbc.queryForObject("select tableoid::regclass::text from audit_event where id = ?",
				String.class, id);
		long rows = this.jdbc.queryForObject("select count(*) from audit_event where tableoid = ?::regclass",
				Long.class, month);
		// whatever it is told (the oldest-first, row count and name rules on old months:
		// AuditPartitionDatabaseTest)
		assertThatThrownBy(
				() -> this.jdbc.queryForObject("select audit_retention_drop_partition(?, ?)", Long.class, month, rows))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("audit retention");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, id))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select has_function_privilege('public', 'audit_retention_drop_partition(text, bigint)', 'execute')",
				Boolean.class))
			.as("only tessera_runtime may call it")
			.isFalse();
		assertThat(this.jdbc.queryForObject("select to_regprocedure('audit_retention_delete(uuid[])') is null",
				Boolean.class))
			.as("the row-by-row function is gone")
			.isTrue();
	}

	@Test
	void theOwnerIsStillStoppedByTheTriggers() {
		UUID id = recordOne();
		JdbcTemplate owner = new JdbcTemplate(
				new DriverManagerDataSource(this.databaseUrl, TestDatabase.OWNER, TestDatabase.get().ownerPassword()));
		assertThatThrownBy(() -> owner.update("update audit_event set outcome = 'success' where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("UPDATE");
		assertThatThrownBy(() -> owner.update("delete from audit_event where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("DELETE");
		assertThatThrownBy(() -> owner.execute("truncate audit_event")).isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("TRUNCATE");
	}

	void assertRefused(ThrowingCallable statement) {
		assertThatThrownBy(statement).isInstanceOf(DataAccessException.class)
			.rootCause()
			.satisfies(cause -> assertThat(cause.getMessage()).containsAnyOf("permission denied", "must be owner"));
	}

	long count() {
		return this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
	}

}
