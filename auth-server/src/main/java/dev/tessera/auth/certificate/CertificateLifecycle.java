package dev.tessera.auth.certificate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the inventory, the metric and the expiry warnings current: everything is read and
 * checked at start and every {@code tessera.certificates.check-interval} (a day passing
 * is a change too), and the part that changed is read and checked when the server
 * certificate or the client CAs are reloaded or a client changes (on any node). All of it
 * runs on one thread of its own, never on the thread that reported the change, and one
 * check at a time.
 */
public class CertificateLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CertificateLifecycle.class);

	private final CertificateInventory inventory;

	private final CertificateExpiryMetrics metrics;

	private final CertificateExpiryCheck check;

	private final Duration interval;

	private volatile ScheduledExecutorService executor;

	public CertificateLifecycle(CertificateInventory inventory, CertificateExpiryMetrics metrics,
			CertificateExpiryCheck check, Duration interval) {
		this.inventory = inventory;
		this.metrics = metrics;
		this.check = check;
		this.interval = interval;
	}

	/**
	 * Reads every certificate again and checks them all, now, on the caller's thread.
	 * @return the announcements this node made
	 */
	public synchronized List<CertificateExpiryCheck.Announcement> checkNow() {
		if (this.inventory.refresh()) {
			this.metrics.show(this.inventory.all());
		}
		return this.check.check(this.inventory.all());
	}

	/** The server certificate or the client CAs were reloaded. */
	public void tlsChanged() {
		later(this.inventory::refreshTls);
	}

	/** A client was registered, changed or deleted (here or on another node). */
	public void clientChanged(String clientId) {
		later(() -> this.inventory.refreshClient(clientId));
	}

	/** Changes may have been missed: everything is read again. */
	public void everythingChanged() {
		later(this.inventory::refresh);
	}

	private void later(BooleanSupplier refresh) {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return; // not started: the first check reads everything
		}
		try {
			executor.execute(() -> run(() -> {
				synchronized (this) {
					if (refresh.getAsBoolean()) {
						this.metrics.show(this.inventory.all());
						this.check.check(this.inventory.all());
					}
				}
			}));
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private static void run(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// the database away, say: the next check tries again
			log.warn("The certificate expiry check failed ({}); the next one tries again", ex.getMessage());
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tessera-certificate-check");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(() -> run(this::checkNow), 0, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
