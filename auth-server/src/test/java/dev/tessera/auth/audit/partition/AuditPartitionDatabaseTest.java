package dev.tessera.auth.audit.partition;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditMonths;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditPrivilegeCheck;
import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.tessera.auth.audit.AuditMonths.month;
import static dev.tessera.auth.audit.AuditMonths.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The partitioned audit trail in the database itself, on the real (embedded) PostgreSQL
 * with the real migrations, each role as in production (Flyway and the owner's checks as
 * the owner role, the server's calls as the runtime role, tampering as the superuser),
 * without a Spring context: V14 converts a trail with rows in several months into month
 * partitions the verifier still accepts; partitions ahead are created through the
 * function only; {@code audit_retention_drop_partition} drops exactly the oldest month
 * with its stragglers and refuses every other case; the verifier reports a repeated seq
 * across months and a changed row in an older month.
 */
class AuditPartitionDatabaseTest {

	TestDatabase database = TestDatabase.get();

	String url;

	JdbcTemplate superuser;

	JdbcTemplate owner;

	JdbcTemplate runtime;

	AuditHashChain keyed;

	AuditVerifier verifier;

	AuditMonths months;

	@BeforeEach
	void setUp() {
		this.url = this.database.createDatabase();
		this.superuser = this.database.superuserJdbc(this.url);
		this.owner = new JdbcTemplate(
				new DriverManagerDataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword()));
		DriverManagerDataSource runtimeSource = new DriverManagerDataSource(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword());
		this.runtime = new JdbcTemplate(runtimeSource);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.keyed = AuditHashChain.keyed(key);
		this.verifier = new AuditVerifier(runtimeSource, new DataSourceTransactionManager(runtimeSource), this.keyed);
		this.months = new AuditMonths(this.url, this.runtime, this.keyed);
	}

	Flyway flyway(String target) {
		var configuration = Flyway.configure()
			.dataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword())
			.locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		return configuration.load();
	}

	@Test
	void v14ConvertsATrailWithRowsInSeveralMonths() {
		flyway("13").migrate();
		// three months, then a straggler: seq 10 stamped just after the month boundary,
		// seq 11 just before it
		AuditMonths.Chain rows = this.months.chain().add(month(-4), 3).add(month(-3), 3).add(month(-2), 3);
		rows.row(month(-1).plusMillis(1)).row(month(-1).minusMillis(1)).row(month(-1).plusSeconds(5));
		UUID chain = rows.id();
		flyway(null).migrate();

		assertThat(this.owner.queryForObject("select relkind::text from pg_class where oid = 'audit_event'::regclass",
				String.class))
			.isEqualTo("p");
		List<AuditPartitionRange> partitions = AuditPartitionCatalog.partitions(this.runtime);
		assertThat(partitions).extracting(AuditPartitionRange::name)
			.containsExactly(partition(-4), partition(-3), partition(-2), partition(-1), partition(0), partition(1),
					partition(2), partition(3));
		for (int i = 0; i < partitions.size(); i++) {
			assertThat(partitions.get(i).from()).isEqualTo(month(i - 4));
			assertThat(partitions.get(i).to()).isEqualTo(month(i - 3));
		}
		List<Map<String, Object>> perMonth = this.owner.queryForList(
				"select tableoid::regclass::text as part, count(*) as n from audit_event group by 1 order by 1");
		assertThat(perMonth).extracting(row -> row.get("part") + "=" + row.get("n"))
			.containsExactly(partition(-4) + "=3", partition(-3) + "=3", partition(-2) + "=4", partition(-1) + "=2");
		assertThat(this.verifier.verify()).isEqualTo(new AuditVerification(true, 12, null));

		// V6's rights hold on the new table, and none on a month by its name
		assertThat(privileges("audit_event")).containsExactly("SELECT", "INSERT");
		assertThat(privileges(partition(-4))).isEmpty();
		assertThat(privileges(partition(3))).isEmpty();
		assertRefused(() -> this.runtime.update("update audit_event set detail = '{}'"), "permission denied");
		assertRefused(() -> this.owner.update("delete from audit_event where chain_id = ?", chain), "append-only");
		assertRefused(() -> this.owner.update("truncate audit_event"), "append-only");
		assertRefused(() -> this.owner.update("truncate " + partition(-4)), "append-only");
		assertRefused(() -> this.owner.update("update " + partition(-4) + " set detail = '{}'"), "append-only");
		assertRefused(() -> this.runtime.update("truncate " + partition(-4)), "permission denied");
		assertRefused(() -> this.runtime.queryForObject("select count(*) from " + partition(-4), Long.class),
				"permission denied");
		assertThat(this.runtime.queryForObject("select count(*) from audit_event", Long.class)).isEqualTo(12);
	}

	@Test
	void partitionsAheadAreCreatedByTheRuntimeRoleThroughTheFunctionOnly() {
		flyway(null).migrate();
		assertThat(AuditPartitionCatalog.partitions(this.runtime)).extracting(AuditPartitionRange::name)
			.containsExactly(partition(-1), partition(0), partition(1), partition(2), partition(3));

		AuditPartitions partitions = new AuditPartitions(this.runtime.getDataSource(), 6, Clock.systemUTC());
		assertThat(partitions.monthsAhead()).isEqualTo(3);
		assertThat(partitions.createAhead()).isEqualTo(3);
		assertThat(partitions.createAhead()).as("idempotent").isZero();
		assertThat(partitions.monthsAhead()).isEqualTo(6);
		assertThat(partitions.lastMonthsAhead()).isEqualTo(6);
		assertThat(AuditPartitionCatalog.partitions(this.runtime)).last()
			.isEqualTo(new AuditPartitionRange(partition(6), month(6), month(7)));
		assertThat(privileges(partition(6))).isEmpty();
		assertRefused(() -> this.runtime.update("insert into " + partition(6) + " select * from audit_event"),
				"permission denied");

		assertRefused(() -> this.runtime.queryForObject("select audit_event_create_partitions(-1)", Integer.class),
				"0 to 120 months");
		assertRefused(
				() -> this.runtime.update("create table audit_event_y2199m01 partition of audit_event "
						+ "for values from ('2199-01-01 00:00:00+00') to ('2199-02-01 00:00:00+00')"),
				"permission denied for schema");
		assertRefused(
				() -> this.runtime.queryForObject("select audit_event_add_partition('2199-01-01')", Boolean.class),
				"permission denied");

		// a missing month after the current one is a gap: fewer months ahead
		this.owner.update("drop table " + partition(1));
		assertThat(partitions.monthsAhead()).isZero();
		this.owner.update("drop table " + partition(0));
		assertThat(partitions.monthsAhead()).as("no partition holds now").isEqualTo(-1);
		assertThat(new AuditPartitionsHealth(partitions).health().getStatus().getCode()).isEqualTo("DOWN");
		partitions.scheduled();
		assertThat(partitions.monthsAhead()).isEqualTo(6);
		assertThat(new AuditPartitionsHealth(partitions).health().getStatus().getCode()).isEqualTo("UP");

		// creating refused: the gauge still counts the months left (NaN would hide them)
		this.owner.update("revoke execute on function audit_event_create_partitions(int) from tessera_runtime");
		this.owner.update("drop table " + partition(2));
		partitions.scheduled();
		assertThat(partitions.lastMonthsAhead()).isEqualTo(1);
	}

	@Test
	void theOldestMonthIsDroppedWithItsStragglersAndNothingElse() {
		flyway(null).migrate();
		this.months.create(-6, -2);
		AuditMonths.Chain rows = this.months.chain().add(month(-6), 4);
		UUID chain = rows.id();
		// a straggler: seq 5 stamped just after the month's end, seq 6 just before it
		rows.row(month(-5).plusMillis(2)).row(month(-5).minusMillis(2)).add(month(-5).plusSeconds(60), 3);
		UUID whole = this.months.chain().add(month(-6).plusSeconds(3600), 2).id();
		long oldRows = 4 + 1 + 2 + 1; // month -6 with seq 6 and the other chain, and
										// straggler seq 5

		assertRefused(() -> drop(partition(-5), 4), "is not the oldest partition");
		assertRefused(() -> drop("audit_event_y2000m01", 0), "is none");
		assertRefused(() -> drop("pg_authid", 0), "audit_event_yYYYYmMM");
		assertRefused(() -> drop(partition(-6), oldRows - 1), "not dropped");
		assertRefused(() -> drop(partition(-6), oldRows + 1), "not dropped");
		this.owner.update("update audit_retention_policy set min_age = interval '200 days'");
		assertRefused(() -> drop(partition(-6), oldRows), "audit_retention_policy");
		this.owner.update("update audit_retention_policy set min_age = interval '30 days'");
		assertRefused(() -> this.runtime.update("drop table " + partition(-6)), "must be owner");
		assertRefused(() -> this.runtime.update("alter table audit_event detach partition " + partition(-6)),
				"must be owner");
		assertThat(this.runtime.queryForObject("select count(*) from audit_event", Long.class)).isEqualTo(11);

		assertThat(drop(partition(-6), oldRows)).isEqualTo(oldRows);
		assertThat(AuditPartitionCatalog.partitions(this.runtime)).first()
			.extracting(AuditPartitionRange::name)
			.isEqualTo(partition(-5));
		assertThat(this.runtime.queryForList("select seq from audit_event where chain_id = ? order by seq", Long.class,
				chain))
			.as("a prefix of the chain left, the straggler with it")
			.containsExactly(7L, 8L, 9L);
		assertThat(
				this.runtime.queryForObject("select count(*) from audit_event where chain_id = ?", Long.class, whole))
			.isZero();
	}

	/**
	 * The reviewer's scenario: a forged "straggler" of one chain reusing the id of
	 * another chain's row (the key is (id, occurred_at), so the id alone is not unique).
	 * The drop removes exactly the straggler rows it counted, never the other chain's
	 * row.
	 */
	@Test
	void aForgedStragglerReusingAnIdTakesNoOtherRow() throws Exception {
		flyway(null).migrate();
		this.months.create(-6, -2);
		UUID x = UUID.randomUUID();
		UUID y = UUID.randomUUID();
		UUID shared = UUID.randomUUID();
		Instant end = month(-5);
		insert(UUID.randomUUID(), x, 1, end.minusSeconds(3600));
		insert(UUID.randomUUID(), x, 3, end.minusMillis(1));
		insert(UUID.randomUUID(), x, 2, end.plusMillis(1));
		insert(UUID.randomUUID(), y, 1, end.plusSeconds(600));
		insert(shared, y, 2, end.plusSeconds(660));
		insert(UUID.randomUUID(), y, 3, end.plusSeconds(720));
		// the forgery: another seq 2 of x, with y's seq-2 row's id
		insert(shared, x, 2, end.plusSeconds(1200));
		assertThat(this.runtime.queryForObject("select straggler_rows from audit_retention_check_partition(?)",
				Long.class, partition(-6)))
			.isEqualTo(2);

		assertThat(drop(partition(-6), 4)).isEqualTo(4);
		assertThat(
				this.runtime.queryForList("select seq from audit_event where chain_id = ? order by seq", Long.class, y))
			.as("the other chain keeps its row with the reused id")
			.containsExactly(1L, 2L, 3L);
		assertThat(this.runtime.queryForObject("select count(*) from audit_event where chain_id = ?", Long.class, x))
			.isZero();
	}

	/**
	 * A forged row with a huge seq in the oldest month would make every later row of its
	 * chain a "straggler": the database refuses the month (naming the chain) instead of
	 * taking later months' rows with it, and says so before anything is archived.
	 */
	@Test
	void aChainThatWouldNotLeaveAsAPrefixIsRefused() throws Exception {
		flyway(null).migrate();
		this.months.create(-6, -2);
		AuditMonths.Chain rows = this.months.chain().add(month(-6), 2).add(month(-4), 2);
		insert(UUID.randomUUID(), rows.id(), 9_000_000_000_000_000_000L, month(-6).plusSeconds(99));
		Map<String, Object> check = this.runtime.queryForMap(
				"select month_rows, straggler_rows, refusal from audit_retention_check_partition(?)", partition(-6));
		assertThat(check.get("month_rows")).isEqualTo(3L);
		assertThat(check.get("refusal").toString()).contains("chain " + rows.id()).contains("not remove a prefix");
		assertRefused(() -> drop(partition(-6), 3), "not remove a prefix");
		assertThat(this.runtime.queryForObject("select count(*) from audit_event where chain_id = ?", Long.class,
				rows.id()))
			.isEqualTo(5);
	}

	/**
	 * Creating a month attaches a table built on its own: a reader holding audit_event (a
	 * long verification or export) does not hold it up, so the inserts that would queue
	 * behind it are not held either; a lock that does conflict (DDL, VACUUM on the table)
	 * makes the call give up after its 2 s lock_timeout instead of waiting.
	 */
	@Test
	void creatingMonthsIsNotHeldUpByAReader() throws Exception {
		flyway(null).migrate();
		AuditPartitions partitions = new AuditPartitions(this.runtime.getDataSource(), 6, Clock.systemUTC());
		try (Connection reader = DriverManager.getConnection(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword())) {
			reader.setAutoCommit(false);
			try (Statement statement = reader.createStatement()) {
				statement.execute("select count(*) from audit_event");
				long started = System.nanoTime();
				assertThat(partitions.createAhead()).isEqualTo(3);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
				this.runtime.update("insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, "
						+ "principal_type, operation, outcome, prev_hash, hash) values (gen_random_uuid(), "
						+ "gen_random_uuid(), 1, now(), 'c', 'system', 'x', 'success', '\\x00', '\\x01')");
			}
			reader.rollback();
		}
		try (Connection ddl = DriverManager.getConnection(this.url, this.database.ownerUsername(),
				this.database.ownerPassword())) {
			ddl.setAutoCommit(false);
			try (Statement statement = ddl.createStatement()) {
				statement.execute("lock table audit_event in share update exclusive mode");
				AuditPartitions further = new AuditPartitions(this.runtime.getDataSource(), 8, Clock.systemUTC());
				long started = System.nanoTime();
				assertRefused(further::createAhead, "lock timeout");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			}
			ddl.rollback();
		}
	}

	void insert(UUID id, UUID chain, long seq, Instant at) throws Exception {
		AuditTestSupport.asSuperuser(this.url,
				"insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal_type, operation, "
						+ "outcome, prev_hash, hash) values ('" + id + "', '" + chain + "', " + seq + ", '" + at
						+ "', 'c', 'system', 'x', 'success', '\\x00', '\\x01')");
	}

	@Test
	void theVerifierReportsARepeatedSeqAcrossMonths() {
		flyway(null).migrate();
		this.months.create(-2, -2);
		AuditMonths.Chain rows = this.months.chain().add(month(-2), 3).add(month(-1), 3).add(month(0), 2);
		assertThat(this.verifier.verify()).isEqualTo(new AuditVerification(true, 8, null));

		// seq 4 again, in the current month, correctly linked and hashed: unique per
		// month
		// only, but the chain no longer counts up by one
		AuditRow fourth = rows.rows().get(3);
		AuditRow copy = new AuditRow(UUID.randomUUID(), rows.id(), 4, month(0).plusSeconds(99), "again", "p", "system",
				"test.op", null, "success", "{}", null, fourth.prevHash(), null);
		this.months.insert(copy.withHash(this.keyed.hash(fourth.prevHash(), copy)));
		AuditVerification repeated = this.verifier.verify();
		assertThat(repeated.valid()).isFalse();
		assertThat(repeated.problems()).extracting(AuditVerification.Problem::kind).containsExactly("chain_broken");
	}

	@Test
	void aChangedRowInAnOlderMonthIsReported() throws Exception {
		flyway(null).migrate();
		this.months.create(-2, -2);
		AuditMonths.Chain rows = this.months.chain().add(month(-2), 3).add(month(-1), 3).add(month(0), 2);
		AuditTestSupport.asSuperuser(this.url, "update audit_event set detail = '{\"changed\":true}' where id = ?",
				rows.rows().get(1).id());
		AuditVerification changed = this.verifier.verify();
		assertThat(changed.valid()).isFalse();
		assertThat(changed.firstBrokenId()).isEqualTo(rows.rows().get(1).id());
	}

	@Test
	void aRightOnOneMonthIsARightToRewriteTheTrail() {
		flyway(null).migrate();
		DataSource runtimeSource = this.runtime.getDataSource();
		assertThat(AuditPrivilegeCheck.warnIfTheServerCanRewrite(runtimeSource)).isFalse();
		this.owner.update("grant truncate on " + partition(0) + " to tessera_runtime");
		assertThatThrownBy(() -> AuditPrivilegeCheck.check(runtimeSource, true))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("partition(s) " + partition(0) + " of audit_event");
		// and the month's own trigger still refuses it
		assertRefused(() -> this.runtime.update("truncate " + partition(0)), "append-only");
	}

	@Test
	void onlyTheOwnerSetsTheFloor() {
		flyway(null).migrate();
		assertThat(this.runtime.queryForObject("select min_age from audit_retention_policy", String.class))
			.isEqualTo("30 days");
		assertRefused(() -> this.runtime.update("update audit_retention_policy set min_age = interval '0'"),
				"permission denied");
		assertRefused(() -> this.runtime.update("delete from audit_retention_policy"), "permission denied");
	}

	long drop(String partition, long rows) {
		return this.runtime.queryForObject("select audit_retention_drop_partition(?, ?)", Long.class, partition, rows);
	}

	List<String> privileges(String table) {
		List<String> held = new ArrayList<>();
		for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")) {
			if (Boolean.TRUE.equals(this.owner.queryForObject("select has_table_privilege(?, ?, ?)", Boolean.class,
					this.database.runtimeUsername(), table, privilege))) {
				held.add(privilege);
			}
		}
		return held;
	}

	static void assertRefused(Runnable statement, String message) {
		assertThatThrownBy(statement::run).rootCause().hasMessageContaining(message);
	}

}
