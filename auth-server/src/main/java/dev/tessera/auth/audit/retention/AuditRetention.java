package dev.tessera.auth.audit.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditRetentionEvent;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.partition.AuditPartitionCatalog;
import dev.tessera.auth.audit.partition.AuditPartitionRange;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention policy of the audit trail: months of rows older than the retention period
 * (default 7 years) move out of the database into archive files, and the move is itself
 * audited. {@code audit_event} is partitioned by month (V14), and retention removes whole
 * months: the oldest partition whose range ends at or before the cutoff is archived, then
 * detached and dropped, so the table never fills with dead rows for vacuum to chase. The
 * granularity is therefore a month: a row leaves between the retention period and the
 * retention period plus a month after it occurred.
 * <p>
 * This is the only code that removes audit rows, and it does so through the database
 * function {@code audit_retention_drop_partition} (V14): the server's runtime role has no
 * DELETE right on {@code audit_event} and owns none of its partitions; the function runs
 * as the schema owner and drops only the oldest partition, only when its range ends
 * before the floor the owner role sets in {@code audit_retention_policy} (30 days unless
 * changed), and only when it holds exactly the number of rows the server archived.
 * <p>
 * Order of work, in one transaction per month: take a PostgreSQL advisory lock (so when
 * several nodes share the database only one runs; the others skip), ask
 * {@code audit_retention_check_partition} whether the month may go at all (a refused
 * month costs no archive), read the month's rows in one streaming statement in
 * {@code (chain_id, seq)} order, then its stragglers (below), and write them to
 * {@link AuditArchiveFile}s of at most {@value #MAX_ROWS_PER_FILE} rows each (each forced
 * to disk and given its final name), then call the function with the count. If a file
 * cannot be written (directory not writable, disk full), nothing is dropped, and the run
 * stops and says so: an ERROR naming the directory and what to do, an
 * {@code audit.retention} event with outcome {@code system_error}, and the
 * {@code auditRetention} health indicator DOWN until a run archives again. If the
 * database refuses the month (before archiving: a chain it would not cut as a prefix; at
 * the drop: a row arrived in the month after it was read, a lock not granted in time),
 * the run stops and says so the same way, with the database's reason; files already
 * written are kept and the next run writes the month again under new names: a row
 * archived twice is harmless, a row lost is not. After the commit an
 * {@code audit.retention} event records how many rows went where, and the run waits until
 * it is stored.
 * <p>
 * What leaves each chain is a prefix of it: a writer stamps an event just before queueing
 * it, so near a month's end a chain's order by seq and by time can differ by
 * milliseconds, and a row with a lower seq than the month's last may sit in the next
 * month. Such stragglers are archived and removed with the month (the function removes
 * exactly the rows of the hour after the month whose seq is below the highest seq it
 * drops of their chain; a later one refuses the month). For every chain it cut, the
 * event's detail carries an <em>anchor</em> under {@code anchors}
 * ({@link AuditRetentionEvent}): {@code {"chainId": ..., "seq": <last removed seq>,
 * "hash": <that row's hash, base64>}}. The rest of the chain then links to it: the
 * verifier ({@code AuditVerifier}) accepts a chain that starts above seq 1 only when such
 * an anchor names its first row's predecessor and that row's {@code prev_hash}, so rows
 * removed from the start of a chain by anyone else are reported. A chain whose every row
 * was in the month (a node that stopped long ago) leaves whole; its anchor then records
 * where it ended, and the verifier counts a chain that a checkpoint names as retired, not
 * missing, when an anchor reaches the checkpoint's seq.
 * <p>
 * Anchors live in retention events, which are audit rows and leave with their own month
 * in turn. So that a chain still needing one (retired, or whose first remaining row links
 * to it) does not lose it then, the anchors of the retention events a run removes are
 * carried into the run's own event while still needed; only from events whose hash
 * verifies under the chain key, so that an inserted look-alike event cannot have its
 * anchors vouched for by a genuine one. The event is itself a chained audit row: changing
 * it breaks its own hash, and removing it either leaves a gap in its chain or takes the
 * anchor from the chains it cut, whose first remaining row then fails.
 * <p>
 * If the event cannot be stored after the commit (audit store down, node stopped), the
 * rows are archived and gone but unanchored: verification reports each cut chain broken
 * at its first remaining row (the archive files still hold the rows and hashes that prove
 * the cut) until a later run cuts that chain further and anchors it again. That is the
 * deliberate side to err on: an anchor is never written for rows that were not removed.
 */
public class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	/** Distinct from the key-set lock ({@code 7365726173001}). */
	static final long LOCK = 7365726173002L;

	static final int MAX_ROWS_PER_FILE = 100_000;

	/** How long after its month a straggler may have occurred (V14). */
	static final Duration STRAGGLER_WINDOW = Duration.ofHours(1);

	/**
	 * The month's rows in {@code (chain_id, seq, id)} order, read once as a stream (fetch
	 * size, in the transaction). Through the parent table (the runtime role has no rights
	 * on a partition), pruned to the month.
	 */
	private static final String SELECT_MONTH = "select " + AuditEventTable.COLUMNS
			+ " from audit_event where occurred_at >= ? and occurred_at < ? order by chain_id, seq, id";

	/**
	 * The month's stragglers: for each chain the month cut (its highest seq there), the
	 * rows within {@link #STRAGGLER_WINDOW} after the month with a lower seq, found by an
	 * index probe on {@code (chain_id, seq)} in the later partitions (never a scan of
	 * them).
	 */
	private static final String SELECT_STRAGGLERS = "select " + prefixed("e")
			+ " from unnest(?::uuid[], ?::bigint[]) as cut(chain_id, top) cross join lateral (select "
			+ AuditEventTable.COLUMNS + " from audit_event where chain_id = cut.chain_id and seq < cut.top "
			+ "and occurred_at >= ? and occurred_at < ?) e order by e.chain_id, e.seq, e.id";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditTrail trail;

	private final AuditHashChain hashes;

	private final Path archiveDir;

	private final Duration retention;

	private final Clock clock;

	private final JsonMapper json;

	private final AuditArchiveFile.ChannelOpener channels;

	private final int rowsPerFile;

	/** Why the last run stopped, null once a run archived (or had nothing to). */
	private volatile Failure lastFailure;

	/**
	 * @param hashes the chain key's hashes, which vouch for the anchors carried forward
	 * @param json writes the archive files' lines (the application's mapper)
	 */
	public AuditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			AuditHashChain hashes, Path archiveDir, Duration retention, Clock clock, JsonMapper json) {
		this(dataSource, transactions, trail, hashes, archiveDir, retention, clock, json, AuditArchiveFile.FILES,
				MAX_ROWS_PER_FILE);
	}

	/**
	 * As above, writing archives through {@code channels} (a test's failing device), at
	 * most {@code rowsPerFile} rows to a file.
	 */
	AuditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			AuditHashChain hashes, Path archiveDir, Duration retention, Clock clock, JsonMapper json,
			AuditArchiveFile.ChannelOpener channels, int rowsPerFile) {
		this.channels = channels;
		this.rowsPerFile = rowsPerFile;
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.transactions = new TransactionTemplate(transactions);
		this.trail = trail;
		this.hashes = hashes;
		this.archiveDir = archiveDir;
		this.retention = retention;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Why the last run stopped (the error, when, what to do, and the directory when the
	 * archive could not be written), or null: what the {@code auditRetention} health
	 * indicator reports.
	 */
	public Failure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * 1 while the last run stopped on a failure or a refusal, 0 otherwise: the
	 * {@code tessera.audit.retention.failing} gauge, so that a retention stuck on one
	 * month alerts without anyone probing the overall health.
	 */
	public double failing() {
		return (this.lastFailure != null) ? 1 : 0;
	}

	/**
	 * A run that stopped: its archive could not be written ({@code directory} is the
	 * archive directory), or the database refused the month ({@code directory} is null);
	 * what to do about it in {@code action}.
	 */
	public record Failure(Path directory, String error, Instant at, String action) {
	}

	/** What one run did. */
	public record Result(long removed, List<Path> archives) {

		static final Result NOTHING = new Result(0, List.of());

	}

	/**
	 * Daily by default ({@code tessera.audit.retention-cron}); every node tries, one
	 * acts.
	 */
	@Scheduled(cron = "${tessera.audit.retention-cron:0 17 3 * * *}")
	public void scheduled() {
		Instant cutoff = this.clock.instant().minus(this.retention);
		try {
			Result result = runOnce(cutoff);
			if (result.removed() > 0) {
				log.info("Audit retention: {} row(s) of months ending before {} archived to {}", result.removed(),
						cutoff, result.archives());
			}
		}
		catch (UncheckedIOException | Refused | DataAccessException | CannotCreateTransactionException ex) {
			// said (log, audit event, health) by runOnce
		}
		catch (RuntimeException ex) {
			log.error("Audit retention failed; the month it was archiving stays in the database", ex);
		}
	}

	/**
	 * Archives and drops, oldest first, every month partition whose range ends at or
	 * before {@code cutoff} (and before the database's floor). Does nothing (and returns
	 * {@link Result#NOTHING}) when another node holds the lock.
	 * @throws UncheckedIOException if an archive file cannot be written (the month stays)
	 * @throws AuditUnavailableException if the retention event could not be recorded (the
	 * month is then already archived and dropped)
	 */
	public Result runOnce(Instant cutoff) {
		long removed = 0;
		List<Path> archives = new ArrayList<>();
		while (true) {
			Batch batch;
			try {
				batch = this.transactions.execute(status -> archiveAndDrop(cutoff));
			}
			catch (UncheckedIOException ex) {
				archiveFailed(ex, removed);
				throw ex;
			}
			catch (Refused | DataAccessException | CannotCreateTransactionException ex) {
				if (connectionFailed(ex)) {
					connectionFailed(ex, removed);
				}
				else {
					refused(ex, removed);
				}
				throw ex;
			}
			if (batch == null) {
				// another node holds the lock: this node's archive directory was not
				// tried, so a failure it reported stands
				break;
			}
			this.lastFailure = null; // archived a month, or there was nothing to archive
			if (batch.partition() == null) {
				break;
			}
			removed += batch.rows();
			archives.addAll(batch.archives());
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("removed", batch.rows());
			detail.put("partition", batch.partition());
			detail.put("archives", batch.archives().stream().map(path -> path.getFileName().toString()).toList());
			detail.put("cutoff", cutoff.toString());
			detail.put(AuditRetentionEvent.ANCHORS, batch.anchors());
			try {
				this.trail.await(this.trail.record(AuditRetentionEvent.OPERATION, AuditOutcome.SUCCESS,
						AuditTrail.Actor.system(AuditRetentionEvent.PRINCIPAL), detail, null));
			}
			catch (AuditUnavailableException ex) {
				log.error(
						"Audit retention dropped {} ({} row(s), archives {}) but could not record it; the cut chains "
								+ "will not verify until cut again. Anchors: {}",
						batch.partition(), batch.rows(), batch.archives(), batch.anchors());
				throw ex;
			}
		}
		return new Result(removed, List.copyOf(archives));
	}

	/**
	 * The archive could not be written: the run stops with nothing of that step removed.
	 */
	private void archiveFailed(UncheckedIOException ex, long removedBefore) {
		String error = ex.getCause().getClass().getSimpleName() + ": " + ex.getCause().getMessage();
		stopped("cannot write an archive file in " + this.archiveDir, error, this.archiveDir,
				"the rows stay in the database until an archive holds them. Make that directory writable by the "
						+ "server's user and free space on its file system (or point tessera.audit.archive-dir "
						+ "elsewhere); the next scheduled run tries again.",
				"make the archive directory writable and free space; the next run retries", removedBefore);
	}

	/**
	 * The database refused the oldest month (a chain it would not cut as a prefix, a
	 * count that changed, a lock not granted in time): nothing was removed, and retention
	 * stops at that month until it is resolved.
	 */
	private void refused(RuntimeException ex, long removedBefore) {
		String error = (ex instanceof Refused) ? ex.getMessage() : rootMessage(ex);
		stopped("the database refused the oldest month", error, null, "the next scheduled run tries again.",
				"the database refused to drop the oldest month; see the error (a lock timeout retries by itself, "
						+ "a chain that would not leave as a prefix needs the rows the verifier reports examined)",
				removedBefore);
	}

	/**
	 * The database could not be reached or the connection broke: not a refusal of the
	 * month, and nothing for the operator to do to the month; the next run retries.
	 */
	private void connectionFailed(RuntimeException ex, long removedBefore) {
		stopped("the database connection failed", rootMessage(ex), null,
				"the next scheduled run tries again once the database answers.",
				"the database could not be reached or the connection broke; nothing was removed. Check the "
						+ "database and the network; the next run retries",
				removedBefore);
	}

	/**
	 * Whether {@code ex} is a lost or unobtainable connection (Spring's resource
	 * failures, which include {@code CannotGetJdbcConnectionException}, a transaction
	 * that could not begin for want of a connection, or SQL state class 08) rather than
	 * the database's answer about the month.
	 */
	static boolean connectionFailed(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Says a stopped run where an operator looks: an ERROR saying why and what to do, an
	 * {@code audit.retention} event with outcome {@code system_error}, the health
	 * indicator and the gauge; the next run tries again.
	 * @param archiveDir the directory that could not be written, null when the archive
	 * was not the problem
	 */
	private void stopped(String why, String error, Path archiveDir, String then, String action, long removedBefore) {
		this.lastFailure = new Failure(archiveDir, error, this.clock.instant(), action);
		log.error("Audit retention stopped: {} ({}). No row was removed by this step{}; {}", why, error,
				(removedBefore > 0) ? " (earlier steps of this run archived and removed " + removedBefore + " row(s))"
						: "",
				then);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("removed", 0);
		if (archiveDir != null) {
			detail.put("archiveDir", archiveDir.toString());
		}
		detail.put("error", error);
		try {
			this.trail.await(this.trail.record(AuditRetentionEvent.OPERATION, AuditOutcome.SYSTEM_ERROR,
					AuditTrail.Actor.system(AuditRetentionEvent.PRINCIPAL), detail, null));
		}
		catch (AuditUnavailableException unavailable) {
			log.warn("The stopped audit retention run could not be recorded either: {}", unavailable.getMessage());
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

	private Batch archiveAndDrop(Instant cutoff) {
		Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
		if (!Boolean.TRUE.equals(locked)) {
			log.debug("Audit retention is running on another node");
			return null;
		}
		Instant floor = this.jdbc
			.queryForObject("select now() - min_age from audit_retention_policy", OffsetDateTime.class)
			.toInstant();
		List<AuditPartitionRange> partitions = AuditPartitionCatalog.partitions(this.jdbc);
		if (partitions.isEmpty() || partitions.get(0).to().isAfter(cutoff)) {
			return Batch.NOTHING;
		}
		AuditPartitionRange month = partitions.get(0);
		if (month.to().plus(STRAGGLER_WINDOW).isAfter(floor)) {
			log.warn(
					"Audit retention: {} ends after {}, the youngest the database lets retention remove "
							+ "(audit_retention_policy.min_age); tessera.audit.retention is shorter than that floor",
					month.name(), floor);
			return Batch.NOTHING;
		}
		// reading a month may take longer than the pool's socket timeout, which is meant
		// for requests; the pool restores it when the connection returns
		this.jdbc.execute((ConnectionCallback<Void>) connection -> {
			connection.setNetworkTimeout(Runnable::run, 0);
			return null;
		});
		// what the database would refuse is asked before anything is written
		String refusal = this.jdbc.queryForObject("select refusal from audit_retention_check_partition(?)",
				String.class, month.name());
		if (refusal != null) {
			throw new Refused(refusal);
		}
		// the last removed row of each chain (rows come in seq order, so the last put
		// wins), and the anchors of removed retention events
		Map<UUID, Anchor> cuts = new LinkedHashMap<>();
		Map<UUID, Anchor> carried = new LinkedHashMap<>();
		List<Path> archives = new ArrayList<>();
		long rows;
		try (ArchiveFiles files = new ArchiveFiles(archives)) {
			files.start();
			this.jdbc.query(SELECT_MONTH, rs -> {
				AuditRow row = AuditEventTable.read(rs);
				files.append(row);
				cuts.put(row.chainId(), new Anchor(row.chainId(), row.seq(), row.hash()));
				carry(row, carried);
			}, utc(month.from()), utc(month.to()));
			UUID[] chains = cuts.keySet().toArray(UUID[]::new);
			Long[] tops = cuts.values().stream().map(Anchor::seq).toArray(Long[]::new);
			this.jdbc.query(SELECT_STRAGGLERS, rs -> {
				AuditRow row = AuditEventTable.read(rs);
				files.append(row);
				carry(row, carried);
			}, array("uuid", chains), array("bigint", tops), utc(month.to()), utc(month.to().plus(STRAGGLER_WINDOW)));
			files.finish();
			rows = files.rows();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit archive in " + this.archiveDir, ex);
		}
		Long dropped = this.jdbc.queryForObject("select audit_retention_drop_partition(?, ?)", Long.class, month.name(),
				rows);
		if (dropped == null || dropped != rows) {
			// a refusal like the others: said by runOnce (log, event, health), rolled
			// back
			throw new Refused("Audit retention archived " + rows + " row(s) of " + month.name()
					+ " but the database dropped " + dropped + "; rolled back, archives " + archives + " kept");
		}
		List<Map<String, Object>> anchors = new ArrayList<>(cuts.size() + carried.size());
		cuts.values().forEach(anchor -> anchors.add(anchor.toDetail()));
		stillNeeded(carried, cuts).forEach(anchor -> anchors.add(anchor.toDetail()));
		return new Batch(month.name(), rows, List.copyOf(archives), List.copyOf(anchors));
	}

	/**
	 * Keeps the anchors of a removed retention event that vouches for them (its hash
	 * verifies under the chain key), the highest of each chain.
	 */
	private void carry(AuditRow row, Map<UUID, Anchor> carried) {
		if (!AuditRetentionEvent.OPERATION.equals(row.operation()) || !"system".equals(row.principalType())
				|| !AuditRetentionEvent.PRINCIPAL.equals(row.principal()) || !this.hashes.verifies(row)) {
			return;
		}
		JsonNode anchors;
		try {
			anchors = this.json.readTree(row.detail()).path(AuditRetentionEvent.ANCHORS);
		}
		catch (RuntimeException ex) {
			return;
		}
		for (JsonNode node : anchors) {
			try {
				Anchor anchor = new Anchor(UUID.fromString(node.path(AuditRetentionEvent.ANCHOR_CHAIN).asString()),
						node.path(AuditRetentionEvent.ANCHOR_SEQ).asLong(),
						Base64.getDecoder().decode(node.path(AuditRetentionEvent.ANCHOR_HASH).asString()));
				carried.merge(anchor.chainId(), anchor, (a, b) -> (a.seq() >= b.seq()) ? a : b);
			}
			catch (RuntimeException ex) {
				// malformed: anchors nothing (the verifier skips it too)
			}
		}
	}

	/**
	 * The carried anchors a chain still needs once the month is gone: the chain has no
	 * row left (retired), or its first remaining row links to the anchor. A chain cut in
	 * this run has its new anchor.
	 */
	private List<Anchor> stillNeeded(Map<UUID, Anchor> carried, Map<UUID, Anchor> cuts) {
		List<Anchor> needed = new ArrayList<>();
		for (Anchor anchor : carried.values()) {
			if (cuts.containsKey(anchor.chainId())) {
				continue;
			}
			Long first = this.jdbc.queryForObject("select min(seq) from audit_event where chain_id = ?", Long.class,
					anchor.chainId());
			if (first == null || first == anchor.seq() + 1) {
				needed.add(anchor);
			}
		}
		return needed;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static SqlArrayValue array(String type, Object[] values) {
		return new SqlArrayValue(type, values);
	}

	private static String prefixed(String alias) {
		return alias + "." + AuditEventTable.COLUMNS.replace(", ", ", " + alias + ".");
	}

	/**
	 * The month's archive: a new file every {@code rowsPerFile} rows, each finished
	 * (forced to disk and named) before the next begins.
	 */
	private final class ArchiveFiles implements AutoCloseable {

		private final List<Path> finished;

		private AuditArchiveFile current;

		private long rows;

		ArchiveFiles(List<Path> finished) {
			this.finished = finished;
		}

		/**
		 * Opens the first file before any row is read, so that an unwritable directory is
		 * found (and said) even for a month without rows.
		 */
		void start() throws IOException {
			open();
		}

		private void open() throws IOException {
			this.current = AuditArchiveFile.create(AuditRetention.this.archiveDir, AuditRetention.this.json,
					AuditRetention.this.channels);
		}

		void append(AuditRow row) {
			try {
				if (this.current == null) {
					open();
				}
				this.current.append(row);
				this.rows++;
				if (this.current.rows() >= AuditRetention.this.rowsPerFile) {
					finish();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write the audit archive in " + AuditRetention.this.archiveDir,
						ex);
			}
		}

		void finish() throws IOException {
			if (this.current != null && this.current.rows() > 0) {
				try (AuditArchiveFile file = this.current) {
					this.current = null;
					this.finished.add(file.finish());
				}
			}
		}

		long rows() {
			return this.rows;
		}

		@Override
		public void close() throws IOException {
			if (this.current != null) {
				this.current.close();
			}
		}

	}

	/** The database would not drop the month: why (nothing was archived for it). */
	static final class Refused extends RuntimeException {

		Refused(String reason) {
			super(reason);
		}

	}

	private record Batch(String partition, long rows, List<Path> archives, List<Map<String, Object>> anchors) {

		static final Batch NOTHING = new Batch(null, 0, List.of(), List.of());

	}

	/** Where a cut chain now begins: its last removed row. */
	private record Anchor(UUID chainId, long seq, byte[] hash) {

		Map<String, Object> toDetail() {
			Map<String, Object> anchor = new LinkedHashMap<>();
			anchor.put(AuditRetentionEvent.ANCHOR_CHAIN, this.chainId.toString());
			anchor.put(AuditRetentionEvent.ANCHOR_SEQ, this.seq);
			anchor.put(AuditRetentionEvent.ANCHOR_HASH, Base64.getEncoder().encodeToString(this.hash));
			return anchor;
		}

	}

}
