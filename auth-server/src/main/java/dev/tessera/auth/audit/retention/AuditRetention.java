package dev.tessera.auth.audit.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Array;
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
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditRetentionEvent;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention policy of the audit trail: rows older than the retention period (default
 * 7 years) move out of the database into archive files, and the move is itself audited.
 * This is the only code allowed to delete audit rows, and it does so through the database
 * function {@code audit_retention_delete} (V6): the server's runtime role has no DELETE
 * right on {@code audit_event}; the function runs as the schema owner and removes only a
 * prefix of each chain, never a chain's newest row, and only rows older than the floor
 * the owner role sets in {@code audit_retention_policy} (30 days unless changed): rows
 * younger than that stay whatever the retention period says.
 * <p>
 * Order of work, in one transaction per archive file: take a PostgreSQL advisory lock (so
 * when several nodes share the database only one runs; the others skip), read the old
 * rows, write them to an {@link AuditArchiveFile} (forced to disk and renamed into
 * place), then delete exactly those rows by id. If the file cannot be written (directory
 * not writable, disk full), nothing is deleted, and the run stops and says so: an ERROR
 * naming the directory and what to do, an {@code audit.retention} event with outcome
 * {@code system_error}, and the {@code auditRetention} health indicator DOWN until a run
 * archives again. If the deletion fails after the file is in place, the file is kept: a
 * row archived twice is harmless, a row lost is not. After the commit an
 * {@code audit.retention} event records how many rows went where, and the run waits until
 * it is stored.
 * <p>
 * The old rows are taken as a prefix of each hash chain: a writer stamps an event just
 * before queueing it, so near the cutoff a chain's order by seq and by time can differ by
 * milliseconds, and a row stamped just after the cutoff may go with its predecessors
 * rather than leave a gap. For every chain it cut, the event's detail carries an
 * <em>anchor</em> under {@code anchors} ({@link AuditRetentionEvent}): {@code {"chainId":
 * ..., "seq": <last removed seq>, "hash": <that row's hash, base64>}}. The rest of the
 * chain then links to it: the verifier ({@code AuditVerifier}) accepts a chain that
 * starts above seq 1 only when such an anchor names its first row's predecessor and that
 * row's {@code prev_hash}, so rows removed from the start of a chain by anyone else are
 * reported. The event is itself a chained audit row: changing it breaks its own hash, and
 * removing it either leaves a gap in its chain or takes the anchor from the chains it
 * cut, whose first remaining row then fails (only when it was its chain's newest row and
 * no remaining row needs its anchors does its removal go unnoticed, like any removal of a
 * chain's newest rows).
 * <p>
 * If the event cannot be stored after the commit (audit store down, node stopped), the
 * rows are archived and gone but unanchored: verification reports each cut chain broken
 * at its first remaining row (the archive file still holds the rows and hashes that prove
 * the cut) until a later run cuts that chain further and anchors it again. That is the
 * deliberate side to err on: an anchor is never written for rows that were not removed.
 * <p>
 * A run handles at most {@value #MAX_ROWS_PER_FILE} rows per file and continues with a
 * new file while a file filled up, so memory stays bounded after a long pause.
 */
public class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	/** Distinct from the key-set lock ({@code 7365726173001}). */
	static final long LOCK = 7365726173002L;

	static final int MAX_ROWS_PER_FILE = 100_000;

	private static final int DELETE_CHUNK = 1000;

	/**
	 * Each chain up to its last row before the cutoff, chain by chain in seq order, so a
	 * file cut at the row limit still ends on a prefix. What
	 * {@code audit_retention_delete} refuses is left out here, so a run never fails on
	 * it: a chain's newest row, and every row from the first one younger than the
	 * database's floor ({@code audit_retention_policy.min_age}) on.
	 */
	private static final String SELECT = "with edge as (select chain_id, max(seq) as seq from audit_event "
			+ "where occurred_at < ? group by chain_id), "
			+ "cut as (select edge.chain_id, least(edge.seq, young.seq - 1, newest.seq - 1) as seq from edge "
			+ "cross join lateral (select min(y.seq) as seq from audit_event y where y.chain_id = edge.chain_id "
			+ "and y.occurred_at >= now() - (select min_age from audit_retention_policy)) young "
			+ "cross join lateral (select max(n.seq) as seq from audit_event n where n.chain_id = edge.chain_id) newest) "
			+ "select e.id, e.chain_id, e.seq, e.occurred_at, e.correlation_id, e.principal, e.principal_type, "
			+ "e.operation, e.source_ip, e.outcome, e.detail, e.payload_ref, e.prev_hash, e.hash "
			+ "from audit_event e join cut on e.chain_id = cut.chain_id and e.seq <= cut.seq "
			+ "order by e.chain_id, e.seq limit ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditTrail trail;

	private final Path archiveDir;

	private final Duration retention;

	private final Clock clock;

	private final JsonMapper json;

	private final AuditArchiveFile.ChannelOpener channels;

	/** The last run's archive failure, null once a run archived (or had nothing to). */
	private volatile Failure lastFailure;

	/**
	 * @param json writes the archive files' lines (the application's mapper)
	 */
	public AuditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			Path archiveDir, Duration retention, Clock clock, JsonMapper json) {
		this(dataSource, transactions, trail, archiveDir, retention, clock, json, AuditArchiveFile.FILES);
	}

	/** As above, writing archives through {@code channels} (a test's failing device). */
	AuditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail, Path archiveDir,
			Duration retention, Clock clock, JsonMapper json, AuditArchiveFile.ChannelOpener channels) {
		this.channels = channels;
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.transactions = new TransactionTemplate(transactions);
		this.trail = trail;
		this.archiveDir = archiveDir;
		this.retention = retention;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Why the last run could not archive (the directory, the error, when), or null: what
	 * the {@code auditRetention} health indicator reports.
	 */
	public Failure lastFailure() {
		return this.lastFailure;
	}

	/** A run that stopped because its archive could not be written. */
	public record Failure(Path directory, String error, Instant at) {
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
				log.info("Audit retention: {} row(s) older than {} archived to {}", result.removed(), cutoff,
						result.archives());
			}
		}
		catch (UncheckedIOException ex) {
			// said (log, audit event, health) by runOnce
		}
		catch (RuntimeException ex) {
			log.error("Audit retention failed; no rows were removed by the failed step", ex);
		}
	}

	/**
	 * Archives and removes every row that occurred before {@code cutoff}. Does nothing
	 * (and returns {@link Result#NOTHING}) when another node holds the lock.
	 * @throws UncheckedIOException if an archive file cannot be written (its rows stay)
	 * @throws AuditUnavailableException if the retention event could not be recorded (the
	 * rows are then already archived and removed)
	 */
	public Result runOnce(Instant cutoff) {
		long removed = 0;
		List<Path> archives = new ArrayList<>();
		while (true) {
			Batch batch;
			try {
				batch = this.transactions.execute(status -> archiveAndDelete(cutoff));
			}
			catch (UncheckedIOException ex) {
				archiveFailed(ex, removed);
				throw ex;
			}
			if (batch == null) {
				// another node holds the lock: this node's archive directory was not
				// tried, so a failure it reported stands
				break;
			}
			this.lastFailure = null; // archived a batch, or there was nothing to archive
			if (batch.rows() == 0) {
				break;
			}
			removed += batch.rows();
			archives.add(batch.archive());
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("removed", batch.rows());
			detail.put("archive", batch.archive().getFileName().toString());
			detail.put("cutoff", cutoff.toString());
			detail.put(AuditRetentionEvent.ANCHORS, batch.anchors());
			try {
				this.trail.await(this.trail.record(AuditRetentionEvent.OPERATION, AuditOutcome.SUCCESS,
						AuditTrail.Actor.system(AuditRetentionEvent.PRINCIPAL), detail, null));
			}
			catch (AuditUnavailableException ex) {
				log.error(
						"Audit retention removed {} row(s) (archive {}) but could not record it; the cut chains "
								+ "will not verify until cut again. Anchors: {}",
						batch.rows(), batch.archive(), batch.anchors());
				throw ex;
			}
			if (batch.rows() < MAX_ROWS_PER_FILE) {
				break;
			}
		}
		return new Result(removed, List.copyOf(archives));
	}

	/**
	 * The archive could not be written, so the run stops with nothing of that step
	 * removed: says so where an operator looks (an ERROR naming the directory and what to
	 * do, an {@code audit.retention} event with outcome {@code system_error}, the health
	 * indicator), and the next run tries again.
	 */
	private void archiveFailed(UncheckedIOException ex, long removedBefore) {
		String error = ex.getCause().getClass().getSimpleName() + ": " + ex.getCause().getMessage();
		this.lastFailure = new Failure(this.archiveDir, error, this.clock.instant());
		log.error("Audit retention stopped: cannot write an archive file in {} ({}). No row was removed by this "
				+ "step{}; the rows stay in the database until an archive holds them. Make that directory writable by "
				+ "the server's user and free space on its file system (or point tessera.audit.archive-dir "
				+ "elsewhere); the next scheduled run tries again.", this.archiveDir, error,
				(removedBefore > 0) ? " (earlier steps of this run archived and removed " + removedBefore + " row(s))"
						: "");
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("removed", 0);
		detail.put("archiveDir", this.archiveDir.toString());
		detail.put("error", error);
		try {
			this.trail.await(this.trail.record(AuditRetentionEvent.OPERATION, AuditOutcome.SYSTEM_ERROR,
					AuditTrail.Actor.system(AuditRetentionEvent.PRINCIPAL), detail, null));
		}
		catch (AuditUnavailableException unavailable) {
			log.warn("The failed audit retention run could not be recorded either: {}", unavailable.getMessage());
		}
	}

	private Batch archiveAndDelete(Instant cutoff) {
		Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
		if (!Boolean.TRUE.equals(locked)) {
			log.debug("Audit retention is running on another node");
			return null;
		}
		// reading a long prefix may take longer than the pool's socket timeout, which is
		// meant for requests; the pool restores it when the connection returns
		this.jdbc.execute((ConnectionCallback<Void>) connection -> {
			connection.setNetworkTimeout(Runnable::run, 0);
			return null;
		});
		List<UUID> ids = new ArrayList<>();
		// the last removed row of each chain (rows come in seq order, so the last put
		// wins)
		Map<UUID, Anchor> cuts = new LinkedHashMap<>();
		Path archive;
		try (AuditArchiveFile file = AuditArchiveFile.create(this.archiveDir, this.json, this.channels)) {
			this.jdbc.query(SELECT, rs -> {
				AuditRow row = AuditEventTable.read(rs);
				file.append(row);
				ids.add(row.id());
				cuts.put(row.chainId(), new Anchor(row.chainId(), row.seq(), row.hash()));
			}, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), MAX_ROWS_PER_FILE);
			if (ids.isEmpty()) {
				return new Batch(0, null, List.of());
			}
			archive = file.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit archive in " + this.archiveDir, ex);
		}
		long deleted = 0;
		for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
			List<UUID> chunk = ids.subList(from, Math.min(from + DELETE_CHUNK, ids.size()));
			Long removed = this.jdbc.query("select audit_retention_delete(?)", statement -> {
				Array array = statement.getConnection().createArrayOf("uuid", chunk.toArray());
				statement.setArray(1, array);
			}, rs -> rs.next() ? rs.getLong(1) : 0L);
			deleted += (removed != null) ? removed : 0;
		}
		if (deleted != ids.size()) {
			throw new IllegalStateException("Audit retention archived " + ids.size() + " row(s) but would delete "
					+ deleted + "; rolled back, archive " + archive + " kept");
		}
		List<Map<String, Object>> anchors = new ArrayList<>(cuts.size());
		cuts.values().forEach(anchor -> anchors.add(anchor.toDetail()));
		return new Batch(ids.size(), archive, List.copyOf(anchors));
	}

	private record Batch(long rows, Path archive, List<Map<String, Object>> anchors) {
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
