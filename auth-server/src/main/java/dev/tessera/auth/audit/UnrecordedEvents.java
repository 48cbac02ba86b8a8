package dev.tessera.auth.audit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when events queued without waiting were not stored: failed, or shed by
 * the writer ({@link AuditReceipt#SHED}) to keep its queue's last places for successes.
 * Nobody waits for such events, so without this they would vanish silently. At most one
 * warning per ten seconds per instance, with how many occurrences were lost since the
 * last one, so a flood does not flood the log too.
 */
public final class UnrecordedEvents {

	private static final Logger log = LoggerFactory.getLogger(UnrecordedEvents.class);

	private static final long REPORT_EVERY_MILLIS = 10_000;

	private final String what;

	private final AtomicLong lost = new AtomicLong();

	private final AtomicLong reportedAt = new AtomicLong(Long.MIN_VALUE / 2);

	/**
	 * @param what the kind of events watched, as the warning names them ("Counter
	 * events")
	 */
	public UnrecordedEvents(String what) {
		this.what = what;
	}

	/**
	 * Watches a queued event standing for {@code occurrences} occurrences of
	 * {@code operation}.
	 * @return completes (never exceptionally) once the event is stored or lost
	 */
	public CompletableFuture<Void> watch(CompletableFuture<AuditReceipt> receipt, String operation, long occurrences) {
		return receipt.handle((recorded, failure) -> {
			if (failure != null) {
				lost(operation, occurrences, failure.getMessage());
			}
			else if (recorded == AuditReceipt.SHED) {
				lost(operation, occurrences, "shed: the audit queue keeps its last places for successes");
			}
			return null;
		});
	}

	private void lost(String operation, long occurrences, String why) {
		this.lost.addAndGet(occurrences);
		long now = System.currentTimeMillis();
		long last = this.reportedAt.get();
		if (now - last >= REPORT_EVERY_MILLIS && this.reportedAt.compareAndSet(last, now)) {
			log.warn("{} not recorded: {} occurrence(s) lost since the last warning (last: {}, {})", this.what,
					this.lost.getAndSet(0), operation, why);
		}
	}

}
