package dev.tessera.auth.audit.integrity;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditChainHead;

import org.springframework.context.SmartLifecycle;

/**
 * Writes a checkpoint of this node's chain ({@link AuditCheckpoints}) every
 * {@code tessera.audit.checkpoint-interval} when the chain has grown since the last one,
 * and a last one at shutdown, after the audit writer has flushed (this stops in a later
 * phase), so a node that stops cleanly leaves its chain's end recorded outside the
 * database. The chain's head comes from the writer as a {@link Supplier}, so integrity
 * does not depend on the writing side that depends on it.
 */
public class AuditCheckpointJob implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditCheckpointJob.class);

	private final Supplier<AuditChainHead> head;

	private final AuditCheckpoints checkpoints;

	private final Duration interval;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private AuditChainHead written;

	private volatile boolean running;

	/**
	 * @param head this node's chain as last committed, null while it has no row (the
	 * writer's {@code head()})
	 */
	public AuditCheckpointJob(Supplier<AuditChainHead> head, AuditCheckpoints checkpoints, Duration interval,
			Clock clock) {
		this.head = head;
		this.checkpoints = checkpoints;
		this.interval = interval;
		this.clock = clock;
	}

	/** Writes a checkpoint if the chain grew since the last one. */
	public synchronized void checkpoint() {
		AuditChainHead head = this.head.get();
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
		// stops after the audit writer (a lower phase stops later), so its last rows are
		// in
		return Integer.MIN_VALUE + 500;
	}

}
