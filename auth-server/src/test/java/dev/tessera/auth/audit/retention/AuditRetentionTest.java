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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditMonths;
import dev.tessera.auth.audit.AuditRetentionEvent;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditCheckpointSet;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.partition.AuditPartitionCatalog;
import dev.tessera.auth.audit.partition.AuditPartitionRange;
import dev.tessera.auth.audit.partition.AuditPartitionsHealth;
import dev.tessera.auth.support.TestDatabase;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static dev.tessera.auth.audit.AuditMonths.month;
import static dev.tessera.auth.audit.AuditMonths.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The retention job on the partitioned trail, on the real PostgreSQL behind a running
 * server: whole months older than the cutoff are archived first and then dropped, oldest
 * first, with the stragglers of their chains (rows of the next month below the month's
 * last seq); every removed row is in the archive, every cut chain is anchored, a chain
 * whose rows all left is retired at its checkpoint, anchors still needed are carried
 * forward from the retention events a run removes (and only from genuine ones), and the
 * trail still verifies. When the archive cannot be written, the month stays attached with
 * every row, and the run says so. The server created the months ahead at start. The old
 * months are made as a node running then would have left them (partitions created by the
 * owner, rows hashed with the server's chain key); on a database no other class shares,
 * since it drops months.
 */
@TesseraServerTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "tessera.test.context=audit-retention", "tessera.audit.partitions-ahead=5" })
@DirtiesContext
class AuditRetentionTest {

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Value("${tessera.data-dir}")
	Path dataDir;

	@Autowired
	AuditHashChain hashes;

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

	@Autowired
	AuditPartitionsHealth partitionsHealth;

	AuditMonths months;

	@BeforeEach
	void setUp() {
		this.months = new AuditMonths(this.databaseUrl, this.jdbc, this.hashes);
		this.months.dropBefore(-1); // what an earlier test of this class left
	}

	/** Three old months: a chain wholly in the first, two chains across months. */
	record OldTrail(AuditMonths.Chain retired, AuditMonths.Chain spanning, AuditMonths.Chain other) {
	}

	OldTrail oldTrail() {
		this.months.create(-9, -7);
		AuditMonths.Chain retired = this.months.chain().add(month(-9).plusSeconds(3600), 3);
		AuditMonths.Chain spanning = this.months.chain().add(month(-9).plusSeconds(10), 3).add(month(-8), 3);
		// a straggler: seq 7 stamped just after month -8 ended, seq 8 just before
		spanning.row(month(-7).plusMillis(1)).row(month(-7).minusMillis(1)).add(month(-7).plusSeconds(60), 2);
		AuditMonths.Chain other = this.months.chain()
			.add(month(-8).plusSeconds(30), 2)
			.add(month(-7).plusSeconds(30), 2);
		return new OldTrail(retired, spanning, other);
	}

	AuditRetention retention(Path archiveDir, AuditArchiveFile.ChannelOpener channels) {
		return retention(archiveDir, channels, AuditRetention.MAX_ROWS_PER_FILE);
	}

	AuditRetention retention(Path archiveDir, AuditArchiveFile.ChannelOpener channels, int rowsPerFile) {
		return new AuditRetention(this.dataSource, this.transactions, this.trail, this.hashes, archiveDir,
				Duration.ofDays(1), Clock.systemUTC(), this.json, channels, rowsPerFile);
	}

	@Test
	void everyMonthBeforeTheCutoffIsArchivedThenDropped() throws IOException, ParseException {
		OldTrail old = oldTrail();
		List<AuditRow> removedRows = new ArrayList<>(old.retired().rows());
		removedRows.addAll(old.spanning().rows().subList(0, 8));
		removedRows.addAll(old.other().rows().subList(0, 2));
		long moves = moves();

		AuditRetention.Result result = this.retention.runOnce(month(-7));

		assertThat(result.removed()).isEqualTo(13);
		assertThat(result.archives()).as("one file per month (each under the row limit)").hasSize(2);
		Path archiveDir = this.dataDir.resolve("audit-archive");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archiveDir))).isEqualTo("rwx------");
		Set<UUID> archived = new HashSet<>();
		for (Path archive : result.archives()) {
			assertThat(archive.getParent()).isEqualTo(archiveDir);
			assertThat(archive.getFileName().toString())
				.matches("audit-\\d{8}T\\d{6}\\.\\d{6}Z-\\d{8}T\\d{6}\\.\\d{6}Z(-\\d+)?\\.jsonl");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
			archived.addAll(archivedIds(archive));
		}
		assertThat(archived).as("the archives hold exactly the removed rows").isEqualTo(ids(removedRows));
		try (var files = Files.list(archiveDir)) {
			assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
				.allMatch(name -> name.startsWith("audit-") && name.endsWith(".jsonl"));
		}

		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).extracting(AuditPartitionRange::name)
			.doesNotContain(partition(-9), partition(-8))
			.first()
			.isEqualTo(partition(-7));
		assertThat(seqs(old.spanning())).as("a prefix left, the straggler with it").containsExactly(9L, 10L);
		assertThat(seqs(old.other())).containsExactly(3L, 4L);
		assertThat(seqs(old.retired())).as("a chain wholly in a dropped month leaves whole").isEmpty();

		// one event per month, each anchoring the chains it cut at their last removed row
		assertThat(moves()).isEqualTo(moves + 2);
		List<Map<String, Object>> events = moveDetails();
		Map<String, Object> first = events.get(events.size() - 2);
		Map<String, Object> second = events.get(events.size() - 1);
		assertThat(first).containsEntry("removed", 6L)
			.containsEntry("partition", partition(-9))
			.containsEntry("archives", List.of(result.archives().get(0).getFileName().toString()))
			.containsKey("cutoff");
		assertThat(anchors(first)).containsExactlyInAnyOrder(anchor(old.retired().seq(3)),
				anchor(old.spanning().seq(3)));
		assertThat(second).containsEntry("removed", 7L).containsEntry("partition", partition(-8));
		assertThat(anchors(second)).containsExactlyInAnyOrder(anchor(old.spanning().seq(8)),
				anchor(old.other().seq(2)));

		AuditVerification verification = this.verifier.verify();
		assertThat(verification.valid()).as(verification.toString()).isTrue();
		// the retired chain's checkpoint is covered by its anchor; one past it is not
		AuditChainHead retiredEnd = new AuditChainHead(old.retired().id(), 3, old.retired().seq(3).hash());
		assertThat(this.verifier.verify(checkpoints(retiredEnd)).valid()).isTrue();
		AuditVerification beyond = this.verifier
			.verify(checkpoints(new AuditChainHead(old.retired().id(), 4, new byte[32])));
		assertThat(beyond.problems()).extracting(AuditVerification.Problem::kind).containsExactly("chain_missing");

		assertThat(this.retention.runOnce(month(-7)).removed()).as("nothing left before the cutoff").isZero();
		assertThat(moves()).isEqualTo(moves + 2);
	}

	@Test
	void anchorsStillNeededAreCarriedForwardFromGenuineRetentionEventsOnly() throws ParseException {
		this.months.create(-9, -8);
		// as an earlier run left it: chain "cut" starts after seq 5, chain "gone" was
		// retired at seq 4; the event anchoring both sits in month -9
		byte[] cutHash = new byte[32];
		cutHash[0] = 5;
		byte[] goneHash = new byte[32];
		goneHash[0] = 4;
		UUID goneChain = UUID.randomUUID();
		AuditMonths.Chain cut = this.months.chainAfter(5, cutHash);
		String earlier = "{\"anchors\":[" + anchorJson(cut.id(), 5, cutHash) + "," + anchorJson(goneChain, 4, goneHash)
				+ "],\"removed\":9}";
		AuditMonths.Chain earlierNode = this.months.chain()
			.row(month(-9).plusSeconds(5), AuditRetentionEvent.OPERATION, "system", AuditRetentionEvent.PRINCIPAL,
					earlier)
			.add(month(-9).plusSeconds(10), 1);
		cut.add(month(-8), 2);
		// a look-alike event whose hash does not verify under the chain key
		UUID forgedChain = UUID.randomUUID();
		AuditRow forged = new AuditRow(UUID.randomUUID(), UUID.randomUUID(), 1, month(-9).plusSeconds(20), "f",
				AuditRetentionEvent.PRINCIPAL, "system", AuditRetentionEvent.OPERATION, null, "success",
				"{\"anchors\":[" + anchorJson(forgedChain, 7, new byte[32]) + "]}", null, AuditHashChain.GENESIS,
				new byte[32]);
		this.months.insert(forged);
		assertThat(this.verifier.verify().valid()).as("the forged row itself is reported").isFalse();

		this.retention.runOnce(month(-8));

		assertThat(seqs(earlierNode)).isEmpty();
		List<Map<String, Object>> events = moveDetails();
		List<Map<String, Object>> anchors = anchors(events.get(events.size() - 1));
		assertThat(anchors).contains(anchor(earlierNode.seq(2)))
			.contains(Map.of("chainId", cut.id().toString(), "seq", 5L, "hash",
					Base64.getEncoder().encodeToString(cutHash)))
			.contains(Map.of("chainId", goneChain.toString(), "seq", 4L, "hash",
					Base64.getEncoder().encodeToString(goneHash)))
			.noneMatch(anchor -> anchor.get("chainId").equals(forgedChain.toString()));
		AuditVerification verification = this.verifier.verify(checkpoints(new AuditChainHead(goneChain, 4, goneHash)));
		assertThat(verification.valid()).as(verification.toString()).isTrue();
	}

	/**
	 * A full file system, simulated: the archive is written through {@code /dev/full},
	 * where every write fails as on a full disk ({@code ENOSPC}), through the archive
	 * file's channel seam. The run stops, the month stays attached with every row, no
	 * temporary file is left, and the run says so: an ERROR naming the directory and what
	 * to do, a {@code system_error} retention event, the health indicator DOWN; the next
	 * run that can write clears it.
	 */
	@Test
	void whenTheArchiveDiskIsFullTheMonthStaysAttachedWithEveryRow(CapturedOutput output) throws Exception {
		Path full = Path.of("/dev/full");
		assumeTrue(Files.isWritable(full), "needs /dev/full to simulate a full disk");
		OldTrail old = oldTrail();
		List<UUID> before = allIds();
		long moves = moves();
		Path archiveDir = Files.createTempDirectory("audit-archive-full-");
		AtomicBoolean diskFull = new AtomicBoolean(true);
		AuditRetention onFullDisk = retention(archiveDir,
				temporary -> diskFull.get() ? FileChannel.open(full, StandardOpenOption.WRITE)
						: FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
		AuditRetentionHealth health = new AuditRetentionHealth(onFullDisk);

		assertThatThrownBy(() -> onFullDisk.runOnce(month(-7))).isInstanceOf(UncheckedIOException.class);

		assertThat(allIds()).as("nothing removed").containsAll(before);
		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).extracting(AuditPartitionRange::name)
			.as("still attached")
			.startsWith(partition(-9), partition(-8), partition(-7));
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
		Health down = health.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("archiveDir", archiveDir.toString());

		diskFull.set(false); // space freed
		AuditRetention.Result later = onFullDisk.runOnce(month(-7));
		assertThat(later.removed()).as("the months waited for an archive that holds them").isEqualTo(13);
		assertThat(seqs(old.spanning())).containsExactly(9L, 10L);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	/**
	 * An archive directory that cannot be created, for any user, root included: its path
	 * goes through a regular file, as when a mount is missing.
	 */
	@Test
	void whenTheArchiveDirectoryCannotBeCreatedNothingIsDropped(CapturedOutput output) throws Exception {
		oldTrail();
		List<UUID> before = allIds();
		Path aFile = Files.createTempFile("audit-archive-", ".a-file");
		Path archiveDir = aFile.resolve("archive");
		try {
			AuditRetention unwritable = retention(archiveDir, AuditArchiveFile.FILES);
			assertThatThrownBy(() -> unwritable.runOnce(month(-7))).isInstanceOf(UncheckedIOException.class);
			assertThat(allIds()).containsAll(before);
			assertThat(AuditPartitionCatalog.partitions(this.jdbc)).first()
				.extracting(AuditPartitionRange::name)
				.isEqualTo(partition(-9));
			assertThat(output.getOut())
				.contains("Audit retention stopped: cannot write an archive file in " + archiveDir);
			assertThat(unwritable.lastFailure()).isNotNull();
		}
		finally {
			Files.deleteIfExists(aFile);
		}
	}

	/**
	 * A row that arrives in the month after part of it was archived (a node with a clock
	 * far behind): the drop refuses, so the row is never dropped unarchived, and the
	 * month stays for the next run, which archives it whole. Two rows to a file, and the
	 * row arrives when the second file opens, in a chain that sorts before every row read
	 * so far.
	 */
	@Test
	void aRowArrivingAfterTheArchiveWasWrittenMakesTheDropRefuse() throws IOException {
		OldTrail old = oldTrail();
		AtomicInteger opened = new AtomicInteger();
		// another node: its own connection, outside the retention's transaction
		AuditMonths otherNode = new AuditMonths(this.databaseUrl,
				new JdbcTemplate(new DriverManagerDataSource(this.databaseUrl, TestDatabase.get().runtimeUsername(),
						TestDatabase.get().runtimePassword())),
				this.hashes);
		AuditMonths.Chain latecomer = otherNode.chain(new UUID(0, 1));
		Path archiveDir = Files.createTempDirectory("audit-archive-late-");
		AuditRetention racing = retention(archiveDir, temporary -> {
			if (opened.incrementAndGet() == 2) {
				latecomer.row(month(-9).plusSeconds(99));
			}
			return AuditArchiveFile.FILES.open(temporary);
		}, 2);

		assertThatThrownBy(() -> racing.runOnce(month(-8))).hasStackTraceContaining("not dropped");
		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).first()
			.extracting(AuditPartitionRange::name)
			.isEqualTo(partition(-9));
		assertThat(seqs(old.retired())).containsExactly(1L, 2L, 3L);
		assertThat(seqs(latecomer)).containsExactly(1L);

		AuditRetention.Result again = racing.runOnce(month(-8));
		assertThat(again.removed()).isEqualTo(7);
		assertThat(again.archives()).hasSize(4);
		List<UUID> archived = new ArrayList<>();
		for (Path archive : again.archives()) {
			archived.addAll(archivedIds(archive));
		}
		assertThat(archived).hasSize(7).contains(latecomer.seq(1).id());
		try (var files = Files.list(archiveDir)) {
			assertThat(files).as("the refused attempt's three files are kept: a name taken is never replaced")
				.hasSize(3 + 4);
		}
		assertThat(seqs(latecomer)).isEmpty();
	}

	/**
	 * One forged row (a huge seq in the oldest month of a chain that goes on in later
	 * months) would make the cut no prefix of that chain: the database refuses the month
	 * before anything is archived, and the refusal is said where an operator looks
	 * (health DOWN with the reason, an ERROR, an {@code audit.retention} system_error
	 * event) instead of failing silently every day.
	 */
	@Test
	void aMonthTheDatabaseRefusesIsReportedWithoutBeingArchived(CapturedOutput output) throws Exception {
		OldTrail old = oldTrail();
		AuditTestSupport.asSuperuser(this.databaseUrl,
				"insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal_type, operation, "
						+ "outcome, prev_hash, hash) values (gen_random_uuid(), '" + old.spanning().id()
						+ "', 9000000000000000000, '" + month(-9).plusSeconds(99)
						+ "', 'c', 'system', 'x', 'success', '\\x00', '\\x01')");
		long failures = this.jdbc.queryForObject("select count(*) from audit_event where operation = 'audit.retention' "
				+ "and outcome = 'system_error'", Long.class);
		Path archiveDir = Files.createTempDirectory("audit-archive-refused-");
		AuditRetention refused = retention(archiveDir, AuditArchiveFile.FILES);

		assertThatThrownBy(() -> refused.runOnce(month(-7))).isInstanceOf(AuditRetention.Refused.class)
			.hasMessageContaining("chain " + old.spanning().id())
			.hasMessageContaining("not remove a prefix");
		try (var files = Files.list(archiveDir)) {
			assertThat(files).as("nothing archived for a month that cannot go").isEmpty();
		}
		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).first()
			.extracting(AuditPartitionRange::name)
			.isEqualTo(partition(-9));
		assertThat(seqs(old.retired())).containsExactly(1L, 2L, 3L);
		Health health = new AuditRetentionHealth(refused).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("not remove a prefix");
		assertThat(output.getOut()).contains("Audit retention stopped: the database refused the oldest month");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where operation = 'audit.retention' "
				+ "and outcome = 'system_error'", Long.class))
			.isEqualTo(failures + 1);
	}

	/**
	 * The server created the months ahead itself at start: V14 made three, the setting
	 * asks for five.
	 */
	@Test
	void theServerCreatedThePartitionsAheadAtStart() {
		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).extracting(AuditPartitionRange::name)
			.endsWith(partition(0), partition(1), partition(2), partition(3), partition(4), partition(5));
		Health health = this.partitionsHealth.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("monthsAhead", 5);
	}

	@Test
	void onlyOneNodeRunsItAtATime() throws Exception {
		oldTrail();
		List<UUID> before = allIds();
		try (Connection otherNode = this.dataSource.getConnection();
				Statement statement = otherNode.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditRetention.LOCK + ")");
			try {
				AuditRetention.Result result = this.retention.runOnce(month(-7));
				assertThat(result.removed()).isZero();
				assertThat(result.archives()).isEmpty();
				assertThat(allIds()).containsAll(before);
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + AuditRetention.LOCK + ")");
			}
		}
		assertThat(this.retention.runOnce(month(-7)).removed()).isEqualTo(13);
	}

	@Test
	void theScheduleUsesTheRetentionPeriod() {
		oldTrail();
		List<UUID> before = allIds();
		long moves = moves();
		this.retention.scheduled(); // default period: seven years, so nothing here is old
		assertThat(allIds()).containsAll(before);
		assertThat(moves()).isEqualTo(moves);

		// a period ending mid-way through month -8: month -9 goes, month -8 stays
		Instant now = month(0).plus(Duration.ofDays(1));
		Duration period = Duration.between(month(-8).plus(Duration.ofDays(15)), now);
		AuditRetention shorter = new AuditRetention(this.dataSource, this.transactions, this.trail, this.hashes,
				this.dataDir.resolve("audit-archive-schedule"), period, Clock.fixed(now, ZoneOffset.UTC), this.json);
		shorter.scheduled();
		assertThat(AuditPartitionCatalog.partitions(this.jdbc)).first()
			.extracting(AuditPartitionRange::name)
			.isEqualTo(partition(-8));
		assertThat(moves()).isEqualTo(moves + 1);
		assertThat(this.dataDir.resolve("audit-archive-schedule")).isNotEmptyDirectory();
	}

	static AuditCheckpointSet checkpoints(AuditChainHead head) {
		return new AuditCheckpointSet(Map.of(head.chainId(), head), List.of());
	}

	static String anchorJson(UUID chain, long seq, byte[] hash) {
		return "{\"chainId\":\"" + chain + "\",\"seq\":" + seq + ",\"hash\":\""
				+ Base64.getEncoder().encodeToString(hash) + "\"}";
	}

	static Map<String, Object> anchor(AuditRow row) {
		return Map.of("chainId", row.chainId().toString(), "seq", row.seq(), "hash",
				Base64.getEncoder().encodeToString(row.hash()));
	}

	/** The ids in an archive file, each line's hash recomputed from the line alone. */
	List<UUID> archivedIds(Path archive) throws IOException {
		List<UUID> ids = new ArrayList<>();
		for (String line : Files.readAllLines(archive, StandardCharsets.UTF_8)) {
			Map<String, Object> row;
			try {
				row = JSONObjectUtils.parse(line);
			}
			catch (ParseException ex) {
				throw new IllegalStateException(ex);
			}
			UUID id = UUID.fromString((String) row.get("id"));
			byte[] recomputed = this.hashes.hash(Base64.getDecoder().decode((String) row.get("prev_hash")),
					new AuditRow(id, UUID.fromString((String) row.get("chain_id")),
							((Number) row.get("seq")).longValue(), Instant.parse((String) row.get("occurred_at")),
							(String) row.get("correlation_id"), (String) row.get("principal"),
							(String) row.get("principal_type"), (String) row.get("operation"),
							(String) row.get("source_ip"), (String) row.get("outcome"), (String) row.get("detail"),
							(String) row.get("payload_ref"), null, null));
			assertThat(Base64.getEncoder().encodeToString(recomputed)).as("line of " + id).isEqualTo(row.get("hash"));
			ids.add(id);
		}
		return ids;
	}

	static Set<UUID> ids(List<AuditRow> rows) {
		Set<UUID> ids = new HashSet<>();
		rows.forEach(row -> ids.add(row.id()));
		return ids;
	}

	List<Long> seqs(AuditMonths.Chain chain) {
		return this.jdbc.queryForList("select seq from audit_event where chain_id = ? order by seq", Long.class,
				chain.id());
	}

	List<UUID> allIds() {
		return this.jdbc.queryForList("select id from audit_event", UUID.class);
	}

	List<Map<String, Object>> moveDetails() throws ParseException {
		List<Map<String, Object>> details = new ArrayList<>();
		for (String detail : this.jdbc.queryForList(
				"select detail from audit_event where operation = "
						+ "'audit.retention' and outcome = 'success' and occurred_at >= ? order by occurred_at, seq",
				String.class, java.sql.Timestamp.from(month(-1)))) {
			details.add(JSONObjectUtils.parse(detail));
		}
		return details;
	}

	Map<String, Object> lastFailedRunDetail() throws ParseException {
		return JSONObjectUtils.parse(this.jdbc.queryForObject(
				"select detail from audit_event where operation = 'audit.retention' and outcome = 'system_error' "
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
				"select count(*) from audit_event where operation = 'audit.retention' "
						+ "and outcome = 'success' and occurred_at >= ?",
				Long.class, java.sql.Timestamp.from(month(-1)));
	}

}
