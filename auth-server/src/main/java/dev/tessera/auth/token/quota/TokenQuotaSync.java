package dev.tessera.auth.token.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link TokenQuotaCounter#sync} every {@code tessera.quotas.sync-interval} on its
 * own thread (first at start, and at shutdown when this node counted tokens since the
 * last one, so a node that stops cleanly loses no count), and once an hour removes the
 * counts older than {@code tessera.quotas.retention}. A failing sync is logged at most
 * once a minute; the counts wait for the next one.
 */
public class TokenQuotaSync implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TokenQuotaSync.class);

	private final TokenQuotaCounter counter;

	private final QuotaRefusalAuditing auditing;

	private final Clock clock;

	private final Duration interval;

	private final Duration retention;

	private ScheduledExecutorService executor;

	private volatile boolean running;

	private Instant lastCleanupHour;

	private long lastFailureWarning;

	public TokenQuotaSync(TokenQuotaCounter counter, QuotaRefusalAuditing auditing, Clock clock, Duration interval,
			Duration retention) {
		this.counter = counter;
		this.auditing = auditing;
		this.clock = clock;
		this.interval = interval;
		this.retention = retention;
	}

	/** One sync, and the hourly cleanup when due. */
	void run() {
		try {
			this.counter.sync();
			Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
			if (!hour.equals(this.lastCleanupHour)) {
				this.lastCleanupHour = hour;
				this.auditing.forgetBefore(this.clock.instant());
				int removed = this.counter.removeOlderThan(this.retention);
				log.debug("Removed {} token quota row(s) older than {}", removed, this.retention);
			}
		}
		catch (RuntimeException ex) {
			long now = System.nanoTime();
			if (this.lastFailureWarning == 0 || now - this.lastFailureWarning > TimeUnit.MINUTES.toNanos(1)) {
				this.lastFailureWarning = now;
				log.warn("Token quota counts could not be synced ({}); each node refuses by the totals it last "
						+ "learned plus its own count until the database answers (further failures for a minute "
						+ "at debug)", ex.getMessage());
			}
			else {
				log.debug("Token quota sync failed: {}", ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "tessera-token-quota-sync");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::run, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (!this.counter.unsynced().isEmpty()) {
			run(); // what this node counted since the last sync
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops after the web server (no more tokens to count), before the database pool
		return Integer.MIN_VALUE + 2000;
	}

}
