package dev.tessera.auth.audit;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention policy of the audit trail: rows older than the retention period
 * (default 7 years) move out of the database into archive files, and the move is itself
 * audited. This is the only code allowed to delete audit rows; it marks its transaction
 * with {@code SET LOCAL tessera.audit_retention = 'on'}, which the table's trigger
 * checks.
 * <p>
 * Order of work, in one transaction per archive file: take a PostgreSQL advisory lock
 * (so when several nodes share the database only one runs; the others skip), read the
 * old rows, write them to an {@link AuditArchiveFile} (forced to disk and renamed into
 * place), then delete exactly those rows by id. If the file cannot be written, nothing
 * is deleted. If the deletion fails after the file is in place, the file is kept: a row
 * archived twice is harmless, a row lost is not. After the commit an
 * {@code audit.retention} event records how many rows went where, and the run waits
 * until it is stored.
 * <p>
 * The old rows are taken as a prefix of each hash chain, so what remains of a chain
 * still verifies from its first row on ({@link AuditVerifier}): a writer stamps an event
 * just before queueing it, so near the cutoff a chain's order by seq and by time can
 * differ by milliseconds, and a row stamped just after the cutoff may go with its
 * predecessors rather than leave a gap.
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
	 * file cut at the row limit still ends on a prefix.
	 */
	private static final String SELECT = "with edge as (select chain_id, max(seq) as seq from audit_event "
			+ "where occurred_at < ? group by chain_id) "
			+ "select e.id, e.chain_id, e.seq, e.occurred_at, e.correlation_id, e.principal, e.principal_type, "
			+ "e.operation, e.source_ip, e.outcome, e.detail, e.payload_ref, e.prev_hash, e.hash "
			+ "from audit_event e join edge on e.chain_id = edge.chain_id and e.seq <= edge.seq "
			+ "order by e.chain_id, e.seq limit ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditTrail trail;

	private final Path archiveDir;

	private final Duration retention;

	private final Clock clock;

	public AuditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			Path archiveDir, Duration retention, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.transactions = new TransactionTemplate(transactions);
		this.trail = trail;
		this.archiveDir = archiveDir;
		this.retention = retention;
		this.clock = clock;
	}

	/** What one run did. */
	public record Result(long removed, List<Path> archives) {

		static final Result NOTHING = new Result(0, List.of());

	}

	/** Daily by default ({@code tessera.audit.retention-cron}); every node tries, one acts. */
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
		catch (RuntimeException ex) {
			log.error("Audit retention failed; no rows were removed by the failed step", ex);
		}
	}

	/**
	 * Archives and removes every row that occurred before {@code cutoff}. Does nothing
	 * (and returns {@link Result#NOTHING}) when another node holds the lock.
	 * @throws UncheckedIOException if an archive file cannot be written (its rows stay)
	 * @throws AuditUnavailableException if the retention event could not be recorded
	 * (the rows are then already archived and removed)
	 */
	public Result runOnce(Instant cutoff) {
		long removed = 0;
		List<Path> archives = new ArrayList<>();
		while (true) {
			Batch batch = this.transactions.execute(status -> archiveAndDelete(cutoff));
			if (batch == null || batch.rows() == 0) {
				break;
			}
			removed += batch.rows();
			archives.add(batch.archive());
			this.trail.await(this.trail.record("audit.retention", AuditOutcome.SUCCESS,
					AuditTrail.Actor.system("retention"), Map.of("removed", batch.rows(), "archive",
							batch.archive().getFileName().toString(), "cutoff", cutoff.toString()),
					null));
			if (batch.rows() < MAX_ROWS_PER_FILE) {
				break;
			}
		}
		return new Result(removed, List.copyOf(archives));
	}

	private Batch archiveAndDelete(Instant cutoff) {
		Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
		if (!Boolean.TRUE.equals(locked)) {
			log.debug("Audit retention is running on another node");
			return null;
		}
		List<UUID> ids = new ArrayList<>();
		Path archive;
		try (AuditArchiveFile file = AuditArchiveFile.create(this.archiveDir)) {
			this.jdbc.query(SELECT, rs -> {
				UUID id = rs.getObject("id", UUID.class);
				file.append(id, rs.getObject("chain_id", UUID.class), rs.getLong("seq"),
						rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id"),
						rs.getString("principal"), rs.getString("principal_type"), rs.getString("operation"),
						rs.getString("source_ip"), rs.getString("outcome"), rs.getString("detail"),
						rs.getString("payload_ref"), rs.getBytes("prev_hash"), rs.getBytes("hash"));
				ids.add(id);
			}, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), MAX_ROWS_PER_FILE);
			if (ids.isEmpty()) {
				return new Batch(0, null);
			}
			archive = file.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit archive in " + this.archiveDir, ex);
		}
		this.jdbc.execute("set local tessera.audit_retention = 'on'");
		long deleted = 0;
		for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
			List<UUID> chunk = ids.subList(from, Math.min(from + DELETE_CHUNK, ids.size()));
			deleted += this.jdbc.update("delete from audit_event where id = any(?)", statement -> {
				Array array = statement.getConnection().createArrayOf("uuid", chunk.toArray());
				statement.setArray(1, array);
			});
		}
		if (deleted != ids.size()) {
			throw new IllegalStateException("Audit retention archived " + ids.size() + " row(s) but would delete "
					+ deleted + "; rolled back, archive " + archive + " kept");
		}
		return new Batch(ids.size(), archive);
	}

	private record Batch(long rows, Path archive) {
	}

}
