package dev.tessera.auth.audit.retention;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code auditRetention} on the management port: DOWN while the last retention run that
 * tried this node's archive directory could not write its archive (the rows it should
 * have moved stay in the database, so nothing is lost, but the table grows and someone
 * must act); UP otherwise. The endpoint shows component names and statuses only, not the
 * details set here: the directory and the error are in the ERROR log and the
 * {@code audit.retention} event. Tokens are still issued meanwhile, so it belongs in the
 * overall health, not in a readiness group.
 */
public class AuditRetentionHealth implements HealthIndicator {

	private final AuditRetention retention;

	public AuditRetentionHealth(AuditRetention retention) {
		this.retention = retention;
	}

	@Override
	public Health health() {
		AuditRetention.Failure failure = this.retention.lastFailure();
		if (failure == null) {
			return Health.up().build();
		}
		return Health.down()
			.withDetail("archiveDir", failure.directory().toString())
			.withDetail("error", failure.error())
			.withDetail("since", failure.at().toString())
			.withDetail("action", failure.action())
			.build();
	}

}
