package dev.tessera.auth.audit.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditEventSink;
import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;

import org.springframework.context.SmartLifecycle;

/**
 * Writes audit events durably with group commit: requests enqueue their event and wait;
 * one writer thread per node takes whatever has queued up (up to a batch limit), chains
 * it ({@link AuditHashChain}, keyed: one HMAC per row, no extra round trip), inserts it
 * as one JDBC batch in one transaction, and only after the commit releases the waiting
 * requests. Under load many requests share one round trip and one commit; alone, a
 * request pays one. If the store fails, the batch's requests fail (and the chain resumes
 * from the last committed row), so no caller proceeds as if its event were stored. An
 * event may carry {@link JoinedWrite}s (a used client assertion): they run in the same
 * transaction, ahead of the events, so they cost no commit of their own. The batch's
 * rollups ({@link AuditRollupWriter}: tokens per client and day, events per outcome and
 * hour) are added in the same transaction too, one statement per batch, so they never
 * count an event the trail lacks.
 */
public class AuditWriter implements AuditEventSink, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

	private final DataSource dataSource;

	private final AuditHashChain hashes;

	private final int maxBatch;

	private final AuditRollupWriter rollups;

	private final BlockingQueue<Pending> queue;

	/** This writer's chain: one per running node, so nodes never wait on each other. */
	private final UUID chainId = UUID.randomUUID();

	private long lastSeq;

	private byte[] lastHash = AuditHashChain.GENESIS;

	private volatile boolean running;

	private boolean resync;

	private boolean storeUnreachable;

	private Thread thread;

	/**
	 * When the batch being written began ({@code System.nanoTime()}), 0 while none is.
	 */
	private volatile long writingSince;

	private volatile long stallNanos = Long.MAX_VALUE;

	/** The chain's last committed row, for checkpoints; null before the first. */
	private volatile AuditChainHead head;

	private final int queueCapacity;

	/** Queue depth from which only successes are queued (capacity minus the reserve). */
	private volatile int sheddingFrom;

	private final AtomicLong shed = new AtomicLong();

	private final AtomicLong shedReportedAt = new AtomicLong();

	private volatile AuditWriterMetrics.Listener metrics = AuditWriterMetrics.Listener.NONE;

	public AuditWriter(DataSource dataSource, AuditHashChain hashes, AuditRollupWriter rollups, int maxBatch,
			int queueCapacity) {
		this.dataSource = dataSource;
		this.hashes = hashes;
		this.rollups = rollups;
		this.maxBatch = maxBatch;
		this.queue = new LinkedBlockingQueue<>(queueCapacity);
		this.queueCapacity = queueCapacity;
		this.sheddingFrom = queueCapacity;
	}

	/**
	 * Keeps the last {@code reserved} places of the queue for successful operations: an
	 * event of any other outcome (without joined writes) that finds the queue holding
	 * capacity minus that many is shed ({@link AuditReceipt#SHED}), so a flood of
	 * failures cannot take the queue room a success needs (it guarantees room, not
	 * latency: a success still waits behind failures already queued). Several threads may
	 * pass the check at once, so failures can overshoot the mark by the number of threads
	 * submitting together. At most half the queue is reserved.
	 */
	public void setQueueReservedForSuccess(int reserved) {
		this.sheddingFrom = this.queueCapacity - Math.max(0, Math.min(reserved, this.queueCapacity / 2));
	}

	/**
	 * Queues the event with writes that commit in its transaction (often none); the
	 * future completes once its row is committed: {@link AuditReceipt#RECORDED}, or
	 * {@link AuditReceipt#refusedAs a refusal} if one of the writes changed no row and
	 * the row holds that refusal instead.
	 */
	@Override
	public CompletableFuture<AuditReceipt> submit(AuditEvent event, List<JoinedWrite<?>> writes) {
		Pending pending = new Pending(event, List.copyOf(writes), new CompletableFuture<>());
		if (!this.running) {
			pending.done.completeExceptionally(new AuditUnavailableException("The audit writer is not running", null));
		}
		else if (stalledFor() > this.stallNanos) {
			// not queued, as when the queue is full: its caller would give up anyway,
			// and a success it could not report must not be recorded afterwards
			pending.done.completeExceptionally(new AuditUnavailableException(
					"The audit store has not answered for " + stalledFor() / 1_000_000 + " ms", null));
		}
		else if (event.outcome() != AuditOutcome.SUCCESS && writes.isEmpty()
				&& this.queue.size() >= this.sheddingFrom) {
			shed(event);
			pending.done.complete(AuditReceipt.SHED);
		}
		else if (!this.queue.offer(pending)) {
			pending.done.completeExceptionally(new AuditUnavailableException("The audit queue is full", null));
		}
		return pending.done;
	}

	/** Counts a shed event; says so in the log at most every ten seconds. */
	private void shed(AuditEvent event) {
		long count = this.shed.incrementAndGet();
		long now = System.currentTimeMillis();
		long reportedAt = this.shedReportedAt.get();
		if (now - reportedAt >= 10_000 && this.shedReportedAt.compareAndSet(reportedAt, now)) {
			log.warn(
					"Audit queue nearly full: {} event(s) that were not successes shed so far (last: {} {}), "
							+ "to keep room for successful operations",
					count, event.operation(), event.outcome().value());
		}
	}

	/**
	 * A batch still unwritten after {@code limit} means the store is not answering (a
	 * frozen database): new events are then refused at once, as when the queue is full,
	 * rather than queued behind it, since their callers would give up after the same
	 * wait, each holding a request thread meanwhile. The audit trail's wait timeout.
	 */
	public void setStallLimit(Duration limit) {
		this.stallNanos = limit.toNanos();
	}

	private long stalledFor() {
		long since = this.writingSince;
		return (since == 0) ? 0 : System.nanoTime() - since;
	}

	/**
	 * How long the writer has kept events waiting: the age of the batch being written or
	 * of the oldest event still queued, whichever is older; 0 when it waits for none. It
	 * grows while the store does not answer, before any commit lag can be recorded.
	 */
	long stalledNanos() {
		long stalled = stalledFor();
		Pending oldest = this.queue.peek();
		return (oldest != null) ? Math.max(stalled, System.nanoTime() - oldest.submittedAt()) : stalled;
	}

	/** Reports each commit to these metrics from now on. */
	void setMetrics(AuditWriterMetrics.Listener metrics) {
		this.metrics = metrics;
	}

	/** Events queued and not yet taken by the writer. */
	public int queueDepth() {
		return this.queue.size();
	}

	public UUID chainId() {
		return this.chainId;
	}

	/**
	 * This node's chain as last committed (null while it has no row): what a checkpoint
	 * records.
	 */
	public AuditChainHead head() {
		return this.head;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::run, "tessera-audit-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		if (!left.isEmpty()) {
			write(left); // flush what was accepted before the stop
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stop after the web server (which stops at a higher phase) so accepted requests
		// finish
		return Integer.MIN_VALUE + 1000;
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(this.maxBatch);
		while (this.running) {
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				// the writer must outlive anything a batch throws (a JDBC driver's
				// assertion
				// while the database goes away, too): a dead writer would refuse every
				// token
				log.error("Audit writer failure", ex);
				AuditUnavailableException failure = new AuditUnavailableException("The audit store failed", ex);
				batch.forEach(p -> p.done.completeExceptionally(failure));
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Writes the batch; if it fails, each event is tried on its own, so one bad row (or a
	 * passing error) refuses only its own request.
	 */
	private void write(List<Pending> batch) {
		if (!tryWrite(batch) && batch.size() > 1 && !this.storeUnreachable) {
			for (Pending pending : batch) {
				if (!pending.done.isDone()) {
					tryWrite(List.of(pending));
				}
			}
		}
	}

	private boolean tryWrite(List<Pending> batch) {
		this.writingSince = System.nanoTime() | 1;
		try {
			return tryWriteNow(batch);
		}
		finally {
			this.writingSince = 0;
		}
	}

	private boolean tryWriteNow(List<Pending> batch) {
		Connection opened;
		try {
			opened = this.dataSource.getConnection();
			this.storeUnreachable = false;
		}
		catch (SQLException ex) {
			this.storeUnreachable = true; // no point trying the events one by one
			log.warn("Audit store unreachable; {} event(s) refused: {}", batch.size(), ex.getMessage());
			AuditUnavailableException failure = new AuditUnavailableException("The audit store is unreachable", ex);
			batch.forEach(p -> p.done.completeExceptionally(failure));
			return false;
		}
		Map<Integer, Map<String, Object>> refusals;
		try (Connection connection = opened) {
			if (this.resync) {
				resync(connection);
			}
			long seq = this.lastSeq;
			byte[] previous = this.lastHash;
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(AuditEventTable.INSERT)) {
				refusals = JoinedWrites.apply(connection, batch.stream().map(Pending::writes).toList());
				List<AuditEvent> written = new ArrayList<>(batch.size());
				for (int i = 0; i < batch.size(); i++) {
					Pending pending = batch.get(i);
					Map<String, Object> refusal = refusals.get(i);
					if (refusal == JoinedWrites.NOT_RECORDED) {
						continue; // its write was its only reason to exist
					}
					AuditEvent event = (refusal != null) ? pending.refusedBy(refusal) : pending.event;
					written.add(event);
					seq++;
					AuditRow unhashed = new AuditRow(event.id(), this.chainId, seq, event.timestamp(),
							event.correlationId(), event.principal(), event.principalType(), event.operation(),
							event.sourceIp(), event.outcome().value(), json(event.detail()), event.payloadRef(),
							previous, null);
					AuditRow row = unhashed.withHash(this.hashes.hash(previous, unhashed));
					AuditEventTable.bindInsert(insert, row);
					insert.addBatch();
					previous = row.hash();
				}
				if (!written.isEmpty()) {
					insert.executeBatch();
				}
				this.rollups.add(connection, this.chainId, written);
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			if (seq != this.lastSeq) {
				// a batch of refused joined writes only writes no row: the chain (and a
				// chain with no row yet, whose head stays null) is unchanged
				this.lastSeq = seq;
				this.lastHash = previous;
				this.head = new AuditChainHead(this.chainId, seq, previous);
			}
		}
		catch (SQLException | RuntimeException ex) {
			// the commit may or may not have happened: read the chain's end before the
			// next write
			this.resync = true;
			if (batch.size() == 1) {
				log.warn("Audit store unavailable; event refused: {}", ex.getMessage());
				batch.get(0).done
					.completeExceptionally(new AuditUnavailableException("The audit store is unavailable", ex));
			}
			return false;
		}
		long committedAt = System.nanoTime();
		AuditWriterMetrics.Listener metrics = this.metrics;
		metrics.batchCommitted(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			Pending pending = batch.get(i);
			metrics.eventCommitted(committedAt - pending.submittedAt);
			pending.done
				.complete(refusals.containsKey(i) ? AuditReceipt.refusedAs(refusals.get(i)) : AuditReceipt.RECORDED);
		}
		return true;
	}

	/** Continues the chain from what the database actually holds. */
	private void resync(Connection connection) throws SQLException {
		try (PreparedStatement last = connection
			.prepareStatement("select seq, hash from audit_event where chain_id = ? order by seq desc limit 1")) {
			last.setObject(1, this.chainId);
			try (var rows = last.executeQuery()) {
				if (rows.next()) {
					this.lastSeq = rows.getLong(1);
					this.lastHash = rows.getBytes(2);
				}
				else {
					this.lastSeq = 0;
					this.lastHash = AuditHashChain.GENESIS;
				}
			}
		}
		this.resync = false;
	}

	/** Sorted keys, so the stored text (which the hash covers) is deterministic. */
	static String json(Map<String, Object> detail) {
		return JSONObjectUtils.toJSONString(new TreeMap<>(detail));
	}

	private record Pending(AuditEvent event, List<JoinedWrite<?>> writes, CompletableFuture<AuditReceipt> done,
			long submittedAt) {

		/** Submitted now ({@link System#nanoTime()}: the commit lag's start). */
		Pending(AuditEvent event, List<JoinedWrite<?>> writes, CompletableFuture<AuditReceipt> done) {
			this(event, writes, done, System.nanoTime());
		}

		/**
		 * What is recorded instead when a joined write is refused: the refusal, same
		 * request.
		 */
		AuditEvent refusedBy(Map<String, Object> refusal) {
			return new AuditEvent(this.event.id(), this.event.timestamp(), this.event.correlationId(),
					this.event.principal(), this.event.principalType(), this.event.operation(), this.event.sourceIp(),
					AuditOutcome.BUSINESS_ERROR, refusal, null);
		}

	}

}
