package dev.tessera.auth.audit;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.retention.AuditRetention;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;
import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code audit_retention_delete}, called as the runtime role the way anyone holding the
 * server's database credentials could call it: it removes only an old prefix of a chain
 * and never its newest row, whatever ids it is given. Runs the real migrations on a
 * database of its own without a Spring context; rows of a chosen age are inserted as the
 * superuser.
 */
class AuditRetentionFunctionTest {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	static final Instant OLD = NOW.minus(Duration.ofDays(40));

	static final Instant YOUNG = NOW.minus(Duration.ofHours(1));

	TestDatabase database = TestDatabase.get();

	String url;

	JdbcTemplate superuser;

	JdbcTemplate runtime;

	DriverManagerDataSource runtimeDataSource;

	AuditHashChain keyed;

	@BeforeEach
	void setUp() {
		this.url = this.database.createDatabase();
		Flyway.configure()
			.dataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword())
			.locations("classpath:db/migration")
			.load()
			.migrate();
		this.superuser = this.database.superuserJdbc(this.url);
		this.runtimeDataSource = new DriverManagerDataSource(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword());
		this.runtime = new JdbcTemplate(this.runtimeDataSource);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.keyed = AuditHashChain.keyed(key);
	}

	@Test
	void aNullInTheListIsRefused() {
		List<UUID> rows = insertChain(UUID.randomUUID(), OLD, OLD, OLD);
		UUID newest = rows.get(2);
		// "is this row listed?" would be unknown, not false, for every unlisted row
		assertRefused(() -> this.runtime.queryForObject("select audit_retention_delete(array[?, null]::uuid[])",
				Long.class, newest), "none of them null");
		assertRefused(() -> this.runtime.queryForObject("select audit_retention_delete(array[?, null]::uuid[])",
				Long.class, rows.get(0)), "none of them null");
		assertRefused(() -> this.runtime.queryForObject("select audit_retention_delete(null)", Long.class),
				"none of them null");
		assertRefused(() -> this.runtime.queryForObject("select audit_retention_delete('{}'::uuid[])", Long.class),
				"1 to 10000");
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void anOversizedListIsRefused() {
		insertChain(UUID.randomUUID(), OLD, OLD);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i <= 10_000; i++) {
			ids.add(UUID.randomUUID());
		}
		assertRefused(() -> delete(ids), "1 to 10000");
	}

	@Test
	void youngRowsCannotBeRemoved() {
		List<UUID> young = insertChain(UUID.randomUUID(), YOUNG, YOUNG, YOUNG);
		assertRefused(() -> delete(young.subList(0, 2)), "occurred before");
		assertRefused(() -> delete(young.subList(0, 1)), "occurred before");

		// an old start does not carry young rows with it
		List<UUID> mixed = insertChain(UUID.randomUUID(), OLD, YOUNG, YOUNG);
		assertRefused(() -> delete(mixed.subList(0, 2)), "occurred before");
		assertThat(count()).isEqualTo(6);
	}

	@Test
	void theNewestRowOfAChainCannotBeRemoved() {
		List<UUID> rows = insertChain(UUID.randomUUID(), OLD, OLD, OLD);
		assertRefused(() -> delete(rows), "newest row");
		// nor the newest rows alone, older ones left
		assertRefused(() -> delete(rows.subList(1, 3)), "prefix");
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void anOldPrefixCanBeRemoved() {
		List<UUID> rows = insertChain(UUID.randomUUID(), OLD, OLD, OLD, YOUNG);
		assertThat(delete(rows.subList(0, 3))).isEqualTo(3);
		assertThat(this.runtime.queryForList("select id from audit_event", UUID.class)).containsExactly(rows.get(3));
	}

	@Test
	void onlyTheOwnerSetsTheFloor() {
		assertThat(this.runtime.queryForObject("select min_age from audit_retention_policy", String.class))
			.isEqualTo("30 days");
		assertThatThrownBy(() -> this.runtime.update("update audit_retention_policy set min_age = interval '0'"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.runtime.update("delete from audit_retention_policy"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied");

		List<UUID> rows = insertChain(UUID.randomUUID(), YOUNG, YOUNG);
		new JdbcTemplate(
				new DriverManagerDataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword()))
			.update("update audit_retention_policy set min_age = interval '10 minutes'");
		assertThat(delete(rows.subList(0, 1))).isEqualTo(1);
	}

	/**
	 * The job itself leaves what the function would refuse, so a short period does not
	 * make it fail.
	 */
	@Test
	void retentionTakesOnlyWhatTheFunctionAllows(@TempDir Path archiveDir) {
		UUID chain = UUID.randomUUID();
		List<UUID> rows = insertChain(chain, OLD, OLD, YOUNG, YOUNG);
		UUID oldChain = UUID.randomUUID();
		List<UUID> oldRows = insertChain(oldChain, OLD, OLD);
		AuditWriter writer = new AuditWriter(this.runtimeDataSource, this.keyed,
				new AuditRollupWriter(new AuditRollup(new AuditRollupRule("token.issue", "scope", "error"))), 10, 100);
		writer.start();
		try {
			AuditTrail trail = new AuditTrail(writer, Clock.systemUTC(), Duration.ofSeconds(10));
			AuditRetention retention = new AuditRetention(this.runtimeDataSource,
					new DataSourceTransactionManager(this.runtimeDataSource), trail, archiveDir, Duration.ZERO,
					Clock.systemUTC(), JsonMapper.builder().build());

			AuditRetention.Result result = retention.runOnce(Instant.now().plusSeconds(1));

			assertThat(result.removed()).isEqualTo(3);
			assertThat(this.runtime.queryForList("select id from audit_event where chain_id in (?, ?)", UUID.class,
					chain, oldChain))
				.containsExactlyInAnyOrder(rows.get(2), rows.get(3), oldRows.get(1));
		}
		finally {
			writer.stop();
		}
	}

	long delete(List<UUID> ids) {
		return this.runtime.query("select audit_retention_delete(?)", statement -> {
			Array array = statement.getConnection().createArrayOf("uuid", ids.toArray());
			statement.setArray(1, array);
		}, rs -> rs.next() ? rs.getLong(1) : -1L);
	}

	void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
		assertThatThrownBy(call).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining(message);
	}

	long count() {
		return this.superuser.queryForObject("select count(*) from audit_event", Long.class);
	}

	/**
	 * A keyed chain from genesis, one row per time given, as the superuser (any age the
	 * test needs).
	 */
	List<UUID> insertChain(UUID chain, Instant... times) {
		List<UUID> ids = new ArrayList<>();
		byte[] previous = AuditHashChain.GENESIS;
		long seq = 0;
		for (Instant time : times) {
			seq++;
			Instant at = time.plusMillis(seq);
			UUID id = UUID.randomUUID();
			byte[] hash = this.keyed.hash(previous, new AuditRow(id, chain, seq, at, "c-" + seq, "p", "system",
					"test.op", null, "success", "{}", null, null, null));
			this.superuser.update(
					"insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal, "
							+ "principal_type, operation, source_ip, outcome, detail, payload_ref, prev_hash, hash) "
							+ "values (?, ?, ?, ?, ?, 'p', 'system', 'test.op', null, 'success', '{}', null, ?, ?)",
					id, chain, seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "c-" + seq, previous, hash);
			ids.add(id);
			previous = hash;
		}
		return ids;
	}

}
