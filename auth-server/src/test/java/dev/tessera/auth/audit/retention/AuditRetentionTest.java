package dev.tessera.auth.audit.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The retention job: old rows move to an archive file and out of the table, the move is
 * audited, and the remaining chain still verifies. Runs on a database no other class
 * shares, since retention removes what other tests would look for; its own tests only
 * count what they add.
 */
@TesseraServerTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "tessera.test.context=audit-retention")
@DirtiesContext
class AuditRetentionTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Value("${tessera.data-dir}")
	Path dataDir;

	@Autowired
	AuditHashChain hashes;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditRetention retention;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JsonMapper json;

	AdminApi auditor;

	String tag;

	@BeforeEach
	void setUp() {
		this.auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		this.tag = AuditTestSupport.tag();
		AuditTestSupport.allowRetentionOfRecentRows(this.databaseUrl);
	}

	UUID record(int i) {
		return AuditTestSupport.record(this.trail, this.jdbc, this.tag + "-" + i, "192.0.2.9", "test." + this.tag,
				AuditOutcome.SUCCESS, AuditTrail.Actor.system("retention-test"), Map.of("i", i), null);
	}

	Instant occurredAt(UUID id) {
		return this.jdbc
			.queryForObject("select occurred_at from audit_event where id = ?", java.sql.Timestamp.class, id)
			.toInstant();
	}

	Set<UUID> allIds() {
		return new HashSet<>(this.jdbc.queryForList("select id from audit_event", UUID.class));
	}

	@Test
	void everythingBeforeTheCutoffMovesToTheArchive() throws IOException, ParseException {
		List<UUID> recorded = List.of(record(1), record(2), record(3));
		Set<UUID> kept = AuditTestSupport.newestOfEachChain(this.jdbc);
		assertThat(kept).as("each chain keeps its newest row").contains(recorded.get(2));
		Set<UUID> old = allIds();
		old.removeAll(kept);
		assertThat(old).containsAll(recorded.subList(0, 2));

		AuditRetention.Result result = this.retention.runOnce(Instant.now().plusSeconds(1));

		assertThat(result.removed()).isEqualTo(old.size());
		assertThat(result.archives()).hasSize(1);
		Path archive = result.archives().get(0);
		Path archiveDir = this.dataDir.resolve("audit-archive");
		assertThat(archive.getParent()).isEqualTo(archiveDir);
		assertThat(archive.getFileName().toString())
			.matches("audit-\\d{8}T\\d{6}\\.\\d{6}Z-\\d{8}T\\d{6}\\.\\d{6}Z\\.jsonl");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archiveDir))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
		try (var files = Files.list(archiveDir)) {
			assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
				.contains(archive.getFileName().toString())
				.allMatch(name -> name.startsWith("audit-") && name.endsWith(".jsonl"));
		}

		// the file holds exactly the removed rows, complete enough to recompute each hash
		List<String> lines = Files.readAllLines(archive, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(old.size());
		Set<UUID> archived = new HashSet<>();
		Map<String, Map<String, Object>> lastOfChain = new LinkedHashMap<>();
		String previousHash = null;
		for (String line : lines) {
			Map<String, Object> row = JSONObjectUtils.parse(line);
			UUID id = UUID.fromString((String) row.get("id"));
			archived.add(id);
			lastOfChain.put((String) row.get("chain_id"),
					Map.of("chainId", row.get("chain_id"), "seq", row.get("seq"), "hash", row.get("hash")));
			Instant at = Instant.parse((String) row.get("occurred_at"));
			if (previousHash != null) {
				assertThat(row.get("prev_hash")).as("rows in chain order").isEqualTo(previousHash);
			}
			previousHash = (String) row.get("hash");
			byte[] recomputed = this.hashes.hash(Base64.getDecoder().decode((String) row.get("prev_hash")),
					new AuditRow(id, UUID.fromString((String) row.get("chain_id")),
							((Number) row.get("seq")).longValue(), at, (String) row.get("correlation_id"),
							(String) row.get("principal"), (String) row.get("principal_type"),
							(String) row.get("operation"), (String) row.get("source_ip"), (String) row.get("outcome"),
							(String) row.get("detail"), (String) row.get("payload_ref"), null, null));
			assertThat(Base64.getEncoder().encodeToString(recomputed)).isEqualTo(row.get("hash"));
		}
		assertThat(archived).isEqualTo(old);

		// gone from the table but each chain's newest row, and exactly one new row: the
		// record of the move
		Set<UUID> remaining = allIds();
		assertThat(remaining).doesNotContainAnyElementsOf(old);
		List<Map<String, Object>> moves = this.jdbc
			.queryForList("select id, principal, principal_type, outcome, detail from audit_event "
					+ "where operation = 'audit.retention'");
		assertThat(moves).hasSize(1);
		Set<UUID> expected = new HashSet<>(kept);
		expected.add((UUID) moves.get(0).get("id"));
		assertThat(remaining).isEqualTo(expected);
		Map<String, Object> move = moves.get(0);
		assertThat(move).containsEntry("principal", "retention")
			.containsEntry("principal_type", "system")
			.containsEntry("outcome", "success");
		Map<String, Object> detail = JSONObjectUtils.parse((String) move.get("detail"));
		assertThat(detail).containsEntry("removed", (long) old.size())
			.containsEntry("archive", archive.getFileName().toString())
			.containsKey("cutoff");
		// one anchor per chain cut: its last removed row, as the archive holds it
		assertThat(lastOfChain).isNotEmpty();
		assertThat(anchors(detail)).containsExactlyInAnyOrderElementsOf(lastOfChain.values());

		AuditVerification verification = this.verifier.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.checked()).isPositive();
		assertThat(this.auditor.get("/admin/api/audit/verify").json()).containsEntry("valid", true);
	}

	@Test
	void newerRowsStayAndTheChainIsAnchoredAtTheFirstRemainingRow() throws ParseException {
		UUID first = record(1);
		UUID second = record(2);
		UUID third = record(3);
		Instant cutoff = occurredAt(second);

		AuditRetention.Result result = this.retention.runOnce(cutoff);

		Set<UUID> remaining = allIds();
		assertThat(remaining).doesNotContain(first).contains(second, third);
		assertThat(result.removed()).isPositive();
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where occurred_at < ?", Long.class,
				java.sql.Timestamp.from(cutoff)))
			.isZero();
		long secondSeq = this.jdbc.queryForObject("select seq from audit_event where id = ?", Long.class, second);
		assertThat(secondSeq).as("the chain now starts mid-way").isGreaterThan(1);
		Map<String, Object> secondRow = this.jdbc
			.queryForMap("select chain_id, prev_hash from audit_event where id = ?", second);
		assertThat(anchors(lastMoveDetail())).as("the cut is anchored where the chain now starts")
			.contains(Map.of("chainId", secondRow.get("chain_id").toString(), "seq", secondSeq - 1, "hash",
					Base64.getEncoder().encodeToString((byte[]) secondRow.get("prev_hash"))));
		assertThat(this.verifier.verify()).isEqualTo(new AuditVerification(true, remaining.size(), null));

		assertThat(this.retention.runOnce(cutoff).removed()).as("nothing left before the cutoff").isZero();
	}

	@Test
	void whenTheArchiveCannotBeWrittenNothingIsDeleted() throws IOException {
		record(1);
		Set<UUID> before = allIds();
		long moves = moves();
		Path notADirectory = Files.createTempFile("audit-archive-", ".blocked");
		AuditRetention blocked = new AuditRetention(this.dataSource, this.transactions, this.trail, notADirectory,
				Duration.ofDays(1), Clock.systemUTC(), this.json);

		assertThatThrownBy(() -> blocked.runOnce(Instant.now().plusSeconds(1)))
			.isInstanceOf(UncheckedIOException.class);

		assertThat(allIds()).containsAll(before);
		assertThat(moves()).isEqualTo(moves);
	}

	/**
	 * A full file system, simulated: the archive is written through {@code /dev/full},
	 * where every write fails as on a full disk ({@code ENOSPC}, "No space left on
	 * device"), through the archive file's channel seam. The run stops, removes nothing,
	 * leaves no temporary file, and says so: an ERROR naming the directory and what to
	 * do, a {@code system_error} retention event, the health indicator DOWN; the next run
	 * that can write clears it.
	 */
	@Test
	void whenTheArchiveDiskIsFullTheRunStopsSaysSoAndDeletesNothing(CapturedOutput output) throws Exception {
		Path full = Path.of("/dev/full");
		assumeTrue(Files.isWritable(full), "needs /dev/full to simulate a full disk");
		for (int i = 1; i <= 3; i++) {
			record(i);
		}
		Set<UUID> before = allIds();
		long moves = moves();
		Path archiveDir = Files.createTempDirectory("audit-archive-full-");
		AtomicBoolean diskFull = new AtomicBoolean(true);
		AuditRetention onFullDisk = new AuditRetention(this.dataSource, this.transactions, this.trail, archiveDir,
				Duration.ofDays(1), Clock.systemUTC(), this.json,
				temporary -> diskFull.get() ? FileChannel.open(full, StandardOpenOption.WRITE)
						: FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
		AuditRetentionHealth health = new AuditRetentionHealth(onFullDisk);

		assertThatThrownBy(() -> onFullDisk.runOnce(Instant.now().plusSeconds(1)))
			.isInstanceOf(UncheckedIOException.class);

		assertThat(allIds()).as("nothing deleted").containsAll(before);
		assertThat(moves()).isEqualTo(moves);
		try (var files = Files.list(archiveDir)) {
			assertThat(files).as("no archive, no temporary file").isEmpty();
		}
		assertThat(output.getOut()).contains("Audit retention stopped: cannot write an archive file in " + archiveDir)
			.contains("No space left on device")
			.contains("No row was removed")
			.contains("Make that directory writable by the server's user and free space");
		Map<String, Object> failed = lastFailedRunDetail();
		assertThat(failed).containsEntry("archiveDir", archiveDir.toString()).containsEntry("removed", 0L);
		assertThat((String) failed.get("error")).contains("No space left on device");
		Health down = health.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("archiveDir", archiveDir.toString());

		diskFull.set(false); // space freed
		AuditRetention.Result later = onFullDisk.runOnce(Instant.now().plusSeconds(1));
		assertThat(later.removed()).as("the rows waited for an archive that holds them").isPositive();
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	/**
	 * An archive directory that cannot be created or written, for any user, root
	 * included: its path goes through a regular file ({@code <tmp>/a-file/archive}), as
	 * when a mount is missing or a path is misconfigured. Nothing deleted, the same
	 * ERROR, the failure remembered for the health indicator.
	 */
	@Test
	void whenTheArchiveDirectoryCannotBeCreatedTheRunStopsAndDeletesNothing(CapturedOutput output) throws Exception {
		record(1);
		record(2);
		Set<UUID> before = allIds();
		long moves = moves();
		Path aFile = Files.createTempFile("audit-archive-", ".a-file");
		Path archiveDir = aFile.resolve("archive");
		try {
			AuditRetention unwritable = new AuditRetention(this.dataSource, this.transactions, this.trail, archiveDir,
					Duration.ofDays(1), Clock.systemUTC(), this.json);
			assertThatThrownBy(() -> unwritable.runOnce(Instant.now().plusSeconds(1)))
				.isInstanceOf(UncheckedIOException.class);
			assertThat(allIds()).containsAll(before);
			assertThat(moves()).isEqualTo(moves);
			assertThat(output.getOut())
				.contains("Audit retention stopped: cannot write an archive file in " + archiveDir)
				.contains("No row was removed");
			assertThat(unwritable.lastFailure()).isNotNull();
			assertThat(Files.isRegularFile(aFile)).as("left as it was").isTrue();
		}
		finally {
			Files.deleteIfExists(aFile);
		}
	}

	Map<String, Object> lastFailedRunDetail() throws ParseException {
		return JSONObjectUtils.parse(this.jdbc.queryForObject(
				"select detail from audit_event " + "where operation = 'audit.retention' and outcome = 'system_error' "
						+ "order by occurred_at desc, seq desc limit 1",
				String.class));
	}

	@Test
	void onlyOneNodeRunsItAtATime() throws Exception {
		record(1);
		Set<UUID> before = allIds();
		try (Connection otherNode = this.dataSource.getConnection();
				Statement statement = otherNode.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditRetention.LOCK + ")");
			try {
				AuditRetention.Result result = this.retention.runOnce(Instant.now().plusSeconds(1));
				assertThat(result.removed()).isZero();
				assertThat(result.archives()).isEmpty();
				assertThat(allIds()).containsAll(before);
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + AuditRetention.LOCK + ")");
			}
		}
		assertThat(this.retention.runOnce(Instant.now().plusSeconds(1)).removed())
			.isEqualTo(before.size() - AuditTestSupport.newestOfEachChain(this.jdbc).size());
	}

	@Test
	void theScheduleUsesTheRetentionPeriod() {
		UUID recent = record(1);
		Set<UUID> before = allIds();
		long moves = moves();
		this.retention.scheduled(); // default period: seven years, so nothing here is old
		assertThat(allIds()).contains(recent).containsAll(before);
		assertThat(moves()).isEqualTo(moves);
	}

	@Test
	void theScheduleRemovesWhatIsOlderThanThePeriod() throws ParseException {
		UUID recorded = record(1);
		record(2); // the chain's newest row stays
		AuditRetention hourLater = new AuditRetention(this.dataSource, this.transactions, this.trail,
				this.dataDir.resolve("audit-archive-schedule"), Duration.ofSeconds(1),
				Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), this.json);

		hourLater.scheduled();

		assertThat(allIds()).doesNotContain(recorded);
		assertThat(lastMoveDetail()).as("the run recorded what it removed").containsKey("removed");
		assertThat(this.dataDir.resolve("audit-archive-schedule")).isNotEmptyDirectory();
	}

	Map<String, Object> lastMoveDetail() throws ParseException {
		return JSONObjectUtils.parse(this.jdbc.queryForObject(
				"select detail from audit_event where operation = 'audit.retention' and outcome = 'success' "
						+ "order by occurred_at desc, seq desc limit 1",
				String.class));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> anchors(Map<String, Object> detail) {
		assertThat(detail.get("anchors")).isInstanceOf(List.class);
		return (List<Map<String, Object>>) detail.get("anchors");
	}

	/** Successful runs: a failed one records itself too, with outcome system_error. */
	long moves() {
		return this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'audit.retention' and outcome = 'success'",
				Long.class);
	}

}
