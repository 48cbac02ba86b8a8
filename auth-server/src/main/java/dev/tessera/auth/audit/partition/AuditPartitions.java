package dev.tessera.auth.audit.partition;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the month partitions of {@code audit_event} created ahead of time. The table has
 * no DEFAULT partition (V14), so an audit row for a month without a partition cannot be
 * stored, and every request that waits for its audit event would fail: each node
 * therefore calls {@code audit_event_create_partitions} (a function the owner role
 * defines; the runtime role owns no table and may create none) at start and daily, for
 * the current month and {@code tessera.audit.partitions-ahead} months after it. The call
 * is idempotent and nodes calling it together take turns on an advisory lock, so every
 * node may try.
 * <p>
 * {@link #monthsAhead()} is what the {@code auditPartitions} health indicator and the
 * {@code tessera.audit.partitions.ahead} gauge report: the number of whole months after
 * the current one that partitions cover without a gap, or -1 when no partition holds the
 * current instant (audit writes are failing); it is counted even when creating failed,
 * and the gauge is NaN only when the partition catalog could not be read, so that
 * "unknown" is not read as "none".
 */
public class AuditPartitions {

	private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);

	private final JdbcTemplate jdbc;

	private final int monthsAhead;

	private final Clock clock;

	/** NaN until asked, and whenever the database could not be asked. */
	private volatile double lastMonthsAhead = Double.NaN;

	public AuditPartitions(DataSource dataSource, int monthsAhead, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.monthsAhead = monthsAhead;
		this.clock = clock;
	}

	/** At start, before the first daily run. */
	@EventListener(ApplicationStartedEvent.class)
	public void started() {
		scheduled();
	}

	/** Daily by default ({@code tessera.audit.partitions-cron}); every node tries. */
	@Scheduled(cron = "${tessera.audit.partitions-cron:0 7 2 * * *}")
	public void scheduled() {
		try {
			int created = createAhead();
			if (created > 0) {
				log.info("Audit trail: created {} month partition(s) of audit_event", created);
			}
		}
		catch (RuntimeException ex) {
			log.error("Audit trail: cannot create the audit_event partitions ahead ({}); audit writes fail once "
					+ "the last partition's month ends. The server's role must be able to execute "
					+ "audit_event_create_partitions (migration V14).", ex.getMessage());
		}
		// Counted even when creating failed, so the gauge shows the months left (and its
		// alert fires as they run out); NaN only when the catalog itself cannot be read.
		int ahead;
		try {
			ahead = monthsAhead();
		}
		catch (RuntimeException ex) {
			log.error("Audit trail: cannot read the audit_event partitions ({})", ex.getMessage());
			return;
		}
		if (ahead < 1) {
			log.error("Audit trail: audit_event has {} month partition(s) ahead of the current one; audit writes "
					+ "fail when a month without a partition begins", Math.max(ahead, 0));
		}
	}

	/**
	 * Creates the missing partitions up to {@code partitions-ahead} months after the
	 * current one.
	 * @return how many it created
	 */
	public int createAhead() {
		Integer created = this.jdbc.queryForObject("select audit_event_create_partitions(?)", Integer.class,
				this.monthsAhead);
		return (created != null) ? created : 0;
	}

	/**
	 * Whole months after the current one covered by partitions without a gap; -1 when
	 * none holds now.
	 */
	public int monthsAhead() {
		int ahead;
		try {
			ahead = monthsAhead(AuditPartitionCatalog.partitions(this.jdbc), this.clock.instant());
		}
		catch (RuntimeException ex) {
			this.lastMonthsAhead = Double.NaN;
			throw ex;
		}
		this.lastMonthsAhead = ahead;
		return ahead;
	}

	/**
	 * As last computed (daily and on each health check), for the gauge, which must not
	 * query on every scrape: NaN when the database could not be asked (unknown), -1 when
	 * no partition holds now.
	 */
	public double lastMonthsAhead() {
		return this.lastMonthsAhead;
	}

	static int monthsAhead(List<AuditPartitionRange> partitions, Instant now) {
		int ahead = -1;
		Instant reached = null;
		for (AuditPartitionRange partition : partitions) {
			if (reached == null) {
				if (partition.holds(now)) {
					reached = partition.to();
					ahead = 0;
				}
			}
			else if (partition.from().equals(reached)) {
				reached = partition.to();
				ahead++;
			}
			else {
				break;
			}
		}
		return ahead;
	}

}
