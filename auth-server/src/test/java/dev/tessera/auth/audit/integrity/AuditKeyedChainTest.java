package dev.tessera.auth.audit.integrity;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditRetentionEvent;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chain is keyed, so whoever holds only the database cannot rewrite it consistently
 * (with plain SHA-256, as before V6, a rewrite of a row and every later link verified);
 * and a database from before V6 keeps its SHA-256 chains verifiable, closed at the
 * boundary V6 recorded, while no new SHA-256 chain or row is accepted. Runs the real
 * migrations on a database of its own, the writer and verifier as the runtime role, and
 * the forger as the superuser, without a Spring context.
 */
class AuditKeyedChainTest {

	static final Instant START = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);

	TestDatabase database = TestDatabase.get();

	String url;

	JdbcTemplate superuser;

	AuditHashChain keyed;

	AuditVerifier verifier;

	@BeforeEach
	void setUp() {
		this.url = this.database.createDatabase();
		this.superuser = this.database.superuserJdbc(this.url);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.keyed = AuditHashChain.keyed(key);
		DriverManagerDataSource runtime = new DriverManagerDataSource(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword());
		this.verifier = new AuditVerifier(runtime, new DataSourceTransactionManager(runtime), this.keyed);
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
	void aConsistentRewriteWithoutTheKeyIsFound() {
		flyway(null).migrate();
		UUID chain = UUID.randomUUID();
		List<UUID> rows = insertChain(this.keyed, chain, 1, 5, AuditHashChain.GENESIS);
		assertThat(this.verifier.verify()).isEqualTo(new AuditVerification(true, 5, null));

		// rewrite row 3 and relink rows 3..5 with plain SHA-256: what verified before V6
		rewriteFrom(AuditHashChain.legacy(), chain, 3);
		AuditVerification rewritten = this.verifier.verify();
		assertThat(rewritten.valid()).isFalse();
		assertThat(rewritten.firstBrokenId()).isEqualTo(rows.get(2));
		assertThat(rewritten.problems()).extracting(AuditVerification.Problem::kind).containsExactly("chain_broken");

		// and with a key of the forger's own
		byte[] other = new byte[32];
		other[0] = 9;
		rewriteFrom(AuditHashChain.keyed(other), chain, 3);
		assertThat(this.verifier.verify().firstBrokenId()).isEqualTo(rows.get(2));

		// only the real key makes it verify (a holder of the KEK and the database)
		rewriteFrom(this.keyed, chain, 3);
		assertThat(this.verifier.verify().valid()).isTrue();
	}

	@Test
	void aNewChainWithoutTheKeyIsRefused() {
		flyway(null).migrate();
		insertChain(this.keyed, UUID.randomUUID(), 1, 2, AuditHashChain.GENESIS);
		UUID forged = UUID.randomUUID();
		List<UUID> rows = insertChain(AuditHashChain.legacy(), forged, 1, 3, AuditHashChain.GENESIS);
		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenId()).isEqualTo(rows.get(0));
	}

	/**
	 * Rows cut from a chain's start and "anchored" by a retention event the forger wrote
	 * (in a chain of its own, from genesis, hashed as before V6): before V6 both
	 * verified.
	 */
	@Test
	void anAnchorThatNoGenuineRetentionEventVouchesForIsRefused() {
		flyway(null).migrate();
		UUID chain = UUID.randomUUID();
		List<UUID> rows = insertChain(this.keyed, chain, 1, 4, AuditHashChain.GENESIS);
		byte[] cutAt = this.superuser.queryForObject("select hash from audit_event where id = ?", byte[].class,
				rows.get(1));
		delete(rows.get(0));
		delete(rows.get(1));
		UUID forgedChain = UUID.randomUUID();
		UUID forgedId = UUID.randomUUID();
		String detail = "{\"anchors\":[{\"chainId\":\"" + chain + "\",\"hash\":\""
				+ java.util.Base64.getEncoder().encodeToString(cutAt) + "\",\"seq\":2}],\"archive\":\"x.jsonl\","
				+ "\"cutoff\":\"2026-01-01T00:00:00Z\",\"removed\":2}";
		byte[] forgedHash = AuditHashChain.legacy()
			.hash(AuditHashChain.GENESIS,
					new AuditRow(forgedId, forgedChain, 1, START, "forged", AuditRetentionEvent.PRINCIPAL, "system",
							AuditRetentionEvent.OPERATION, null, "success", detail, null, null, null));
		this.superuser.update(
				"insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal, "
						+ "principal_type, operation, source_ip, outcome, detail, payload_ref, prev_hash, hash) "
						+ "values (?, ?, 1, ?, 'forged', ?, 'system', ?, null, 'success', ?, null, ?, ?)",
				forgedId, forgedChain, OffsetDateTime.ofInstant(START, ZoneOffset.UTC), AuditRetentionEvent.PRINCIPAL,
				AuditRetentionEvent.OPERATION, detail, AuditHashChain.GENESIS, forgedHash);

		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.problems()).filteredOn(problem -> problem.kind().equals("chain_broken"))
			.extracting(AuditVerification.Problem::rowId)
			.containsExactlyInAnyOrder(rows.get(2), forgedId);
	}

	/**
	 * A "retention" row chained the pre-V6 way in a closed chain above its boundary: its
	 * SHA-256 hash is self-consistent (anyone who can insert rows can compute it), so its
	 * anchors must not vouch for a cut in a keyed chain.
	 */
	@Test
	void aPreV6ChainAboveItsBoundaryVouchesForNoAnchor() {
		flyway("3").migrate();
		UUID old = UUID.randomUUID();
		insertChain(AuditHashChain.legacy(), old, 1, 2, AuditHashChain.GENESIS);
		flyway(null).migrate();
		byte[] boundaryHash = this.superuser
			.queryForObject("select last_hash from audit_legacy_chain where chain_id = ?", byte[].class, old);
		UUID chain = UUID.randomUUID();
		List<UUID> rows = insertChain(this.keyed, chain, 1, 4, AuditHashChain.GENESIS);
		byte[] cutAt = this.superuser.queryForObject("select hash from audit_event where id = ?", byte[].class,
				rows.get(1));
		delete(rows.get(0));
		delete(rows.get(1));
		UUID forgedId = UUID.randomUUID();
		String detail = "{\"anchors\":[{\"chainId\":\"" + chain + "\",\"hash\":\""
				+ java.util.Base64.getEncoder().encodeToString(cutAt) + "\",\"seq\":2}],\"archive\":\"x.jsonl\","
				+ "\"cutoff\":\"2026-01-01T00:00:00Z\",\"removed\":2}";
		Instant at = START.plusSeconds(3);
		byte[] forgedHash = AuditHashChain.legacy()
			.hash(boundaryHash, new AuditRow(forgedId, old, 3, at, "forged", AuditRetentionEvent.PRINCIPAL, "system",
					AuditRetentionEvent.OPERATION, null, "success", detail, null, null, null));
		this.superuser.update(
				"insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal, "
						+ "principal_type, operation, source_ip, outcome, detail, payload_ref, prev_hash, hash) "
						+ "values (?, ?, 3, ?, 'forged', ?, 'system', ?, null, 'success', ?, null, ?, ?)",
				forgedId, old, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), AuditRetentionEvent.PRINCIPAL,
				AuditRetentionEvent.OPERATION, detail, boundaryHash, forgedHash);

		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.problems()).filteredOn(problem -> problem.kind().equals("chain_broken"))
			.extracting(AuditVerification.Problem::rowId)
			.as("the keyed chain's cut is not vouched for")
			.containsExactlyInAnyOrder(rows.get(2), forgedId);
	}

	@Test
	void chainsFromBeforeTheKeyAreClosedByTheMigration() {
		flyway("3").migrate();
		UUID old = UUID.randomUUID();
		List<UUID> rows = insertChain(AuditHashChain.legacy(), old, 1, 3, AuditHashChain.GENESIS);
		flyway(null).migrate();
		Map<String, Object> boundary = this.superuser.queryForMap("select * from audit_legacy_chain");
		assertThat(boundary).containsEntry("chain_id", old).containsEntry("last_seq", 3L);
		UUID current = UUID.randomUUID();
		insertChain(this.keyed, current, 1, 2, AuditHashChain.GENESIS);
		assertThat(this.verifier.verify()).isEqualTo(new AuditVerification(true, 5, null));

		// a SHA-256 row appended to the closed chain is refused
		byte[] head = (byte[]) boundary.get("last_hash");
		List<UUID> appended = insertChain(AuditHashChain.legacy(), old, 4, 4, head);
		AuditVerification grown = this.verifier.verify();
		assertThat(grown.firstBrokenId()).isEqualTo(appended.get(0));
		assertThat(grown.problems()).extracting(AuditVerification.Problem::kind).contains("legacy_row_after_boundary");
		delete(appended.get(0));

		// a consistent SHA-256 rewrite of the old chain no longer ends at the recorded
		// boundary
		rewriteFrom(AuditHashChain.legacy(), old, 2);
		AuditVerification rewritten = this.verifier.verify();
		assertThat(rewritten.valid()).isFalse();
		assertThat(rewritten.firstBrokenId()).isEqualTo(rows.get(2));
		assertThat(rewritten.problems()).extracting(AuditVerification.Problem::kind)
			.contains("legacy_boundary_mismatch");
	}

	@Test
	void theOldChainsNewestRowsCannotGoUnnoticed() {
		flyway("3").migrate();
		UUID old = UUID.randomUUID();
		List<UUID> rows = insertChain(AuditHashChain.legacy(), old, 1, 3, AuditHashChain.GENESIS);
		flyway(null).migrate();
		delete(rows.get(2));
		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.problems()).extracting(AuditVerification.Problem::kind)
			.containsExactly("rows_missing_before_boundary");
		delete(rows.get(1));
		delete(rows.get(0));
		assertThat(this.verifier.verify().problems()).extracting(AuditVerification.Problem::kind)
			.containsExactly("chain_missing");
	}

	@Test
	void aDeletedChainKeyIsNotQuietlyReplaced() {
		flyway("3").migrate();
		insertChain(AuditHashChain.legacy(), UUID.randomUUID(), 1, 2, AuditHashChain.GENESIS);
		flyway(null).migrate();
		JdbcTemplate runtime = new JdbcTemplate(new DriverManagerDataSource(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword()));
		// only pre-V6 rows: the first start makes the key
		AuditKeys.refuseANewKeyForAnExistingTrail(runtime);

		runtime.update("insert into server_secret (name, ciphertext) values (?, ?)", AuditKeys.SECRET, new byte[40]);
		insertChain(this.keyed, UUID.randomUUID(), 1, 2, AuditHashChain.GENESIS);
		AuditKeys.refuseANewKeyForAnExistingTrail(runtime);

		// whoever holds the runtime role deletes the key row: the next start refuses to
		// make a new one
		runtime.update("delete from server_secret where name = ?", AuditKeys.SECRET);
		assertThatThrownBy(() -> AuditKeys.refuseANewKeyForAnExistingTrail(runtime))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Restore that row");
	}

	/**
	 * Rows {@code from..to} of a chain, as the superuser (as a forger, or as a server
	 * before V6 did).
	 */
	List<UUID> insertChain(AuditHashChain hashes, UUID chain, long from, long to, byte[] previous) {
		List<UUID> ids = new ArrayList<>();
		for (long seq = from; seq <= to; seq++) {
			UUID id = UUID.randomUUID();
			Instant at = START.plusSeconds(seq);
			byte[] hash = hashes.hash(previous, new AuditRow(id, chain, seq, at, "c-" + seq, "p", "system", "test.op",
					null, "success", "{}", null, null, null));
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

	/**
	 * Changes row {@code from}'s outcome and relinks it and every later row with
	 * {@code hashes}.
	 */
	void rewriteFrom(AuditHashChain hashes, UUID chain, long from) {
		List<Map<String, Object>> rows = this.superuser
			.queryForList("select * from audit_event where chain_id = ? order by seq", chain);
		byte[] previous = null;
		for (Map<String, Object> row : rows) {
			long seq = (Long) row.get("seq");
			if (seq < from) {
				previous = (byte[]) row.get("hash");
				continue;
			}
			if (previous == null) {
				previous = (byte[]) row.get("prev_hash");
			}
			String outcome = (seq == from) ? "business_error" : (String) row.get("outcome");
			UUID id = (UUID) row.get("id");
			byte[] hash = hashes.hash(previous,
					new AuditRow(id, chain, seq, ((java.sql.Timestamp) row.get("occurred_at")).toInstant(),
							(String) row.get("correlation_id"), (String) row.get("principal"),
							(String) row.get("principal_type"), (String) row.get("operation"),
							(String) row.get("source_ip"), outcome, (String) row.get("detail"),
							(String) row.get("payload_ref"), null, null));
			bypassingTriggers("update audit_event set outcome = ?, prev_hash = ?, hash = ? where id = ?", outcome,
					previous, hash, id);
			previous = hash;
		}
	}

	void delete(UUID id) {
		bypassingTriggers("delete from audit_event where id = ?", id);
	}

	void bypassingTriggers(String sql, Object... parameters) {
		this.superuser.execute((java.sql.Connection connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("set session_replication_role = replica");
			}
			try (var statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				statement.executeUpdate();
			}
			try (var statement = connection.createStatement()) {
				statement.execute("set session_replication_role = origin");
			}
			return null;
		});
	}

}
