package dev.tessera.auth.audit.integrity;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.write.AuditWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Writes a checkpoint of this node's chain ({@link AuditCheckpoints}) every
 * {@code tessera.audit.checkpoint-interval} when the chain has grown since the last one,
 * and a last one at shutdown, after the {@link AuditWriter} has flushed (this stops in a
 * later phase), so a node that stops cleanly leaves its chain's end recorded outside the
 * database.
 */
public class AuditCheckpointJob implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditCheckpointJob.class);

	private final AuditWriter writer;

	private final AuditCheckpoints checkpoints;

	private final Duration interval;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private AuditChainHead written;

	private volatile boolean running;

	public AuditCheckpointJob(AuditWriter writer, AuditCheckpoints checkpoints, Duration interval, Clock clock) {
		this.writer = writer;
		this.checkpoints = checkpoints;
		this.interval = interval;
		this.clock = clock;
	}

	/** Writes a checkpoint if the chain grew since the last one. */
	public synchronized void checkpoint() {
		AuditChainHead head = this.writer.head();
		if (head == null || (this.written != null && this.written.seq() == head.seq())) {
			return;
		}
		try {
			this.checkpoints.write(head, this.clock.instant());
			this.written = head;
		}
		catch (RuntimeException ex) {
			log.error("Audit checkpoint of chain {} at seq {} not written to {}", head.chainId(), head.seq(),
					this.checkpoints.directory(), ex);
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "tessera-audit-checkpoint");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::checkpoint, millis, millis, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		checkpoint();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops after the audit writer (a lower phase stops later), so its last rows are in
		return Integer.MIN_VALUE + 500;
	}

}
