package dev.tessera.auth.audit.write;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the audit writer does, for the alerts that must fire before token requests start
 * failing: {@code tessera.audit.queue.depth} (events waiting; at the queue's capacity
 * requests are refused), {@code tessera.audit.batch.size} (events per commit),
 * {@code tessera.audit.commit.lag} (from an event's submission to its commit: what every
 * token request waits), and {@code tessera.audit.writer.stall} (seconds the writer has
 * kept events waiting: grows while the store does not answer, when no commit records a
 * lag). The writer reports to it ({@link AuditWriter#setMetrics}) once the meters exist.
 */
public class AuditWriterMetrics implements MeterBinder {

	/** The writer's reports. */
	interface Listener {

		/** Nothing measured (before the meters are bound, and in tests). */
		Listener NONE = new Listener() {

			@Override
			public void batchCommitted(int events) {
			}

			@Override
			public void eventCommitted(long lagNanos) {
			}

		};

		/** A batch of this many events was committed. */
		void batchCommitted(int events);

		/** An event was committed this long after it was submitted. */
		void eventCommitted(long lagNanos);

	}

	private final AuditWriter writer;

	private final int queueCapacity;

	public AuditWriterMetrics(AuditWriter writer, int queueCapacity) {
		this.writer = writer;
		this.queueCapacity = queueCapacity;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tessera.audit.queue.depth", this.writer, AuditWriter::queueDepth)
			.description("Audit events waiting for the writer")
			.register(registry);
		Gauge.builder("tessera.audit.queue.capacity", () -> this.queueCapacity)
			.description("Audit events the writer's queue holds before it refuses more")
			.register(registry);
		Gauge.builder("tessera.audit.writer.stall", this.writer, (writer) -> writer.stalledNanos() / 1e9)
			.description("How long the audit writer has kept events waiting (batch being written or oldest queued); "
					+ "0 when idle")
			.baseUnit("seconds")
			.register(registry);
		DistributionSummary batches = DistributionSummary.builder("tessera.audit.batch.size")
			.description("Audit events committed together")
			.serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 250, 500)
			.register(registry);
		Timer lag = Timer.builder("tessera.audit.commit.lag")
			.description("Time from an audit event's submission to its commit")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
		this.writer.setMetrics(new Listener() {

			@Override
			public void batchCommitted(int events) {
				batches.record(events);
			}

			@Override
			public void eventCommitted(long lagNanos) {
				lag.record(lagNanos, TimeUnit.NANOSECONDS);
			}

		});
	}

}
