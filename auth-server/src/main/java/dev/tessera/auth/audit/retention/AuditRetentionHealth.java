package dev.tessera.auth.audit.retention;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code auditRetention} on the management port: DOWN while the last retention run that
 * tried this node's archive directory stopped, because it could not write its archive
 * (detail {@code archiveDir}) or because the database refused the oldest month or the
 * connection failed (no {@code archiveDir}: the directory was not the problem); the rows
 * it should have moved stay in the database, so nothing is lost, but the table grows and
 * someone must act. UP otherwise. The endpoint shows component names and statuses only,
 * not the details set here: the error and what to do are in the ERROR log and the
 * {@code audit.retention} event, and the {@code tessera.audit.retention.failing} gauge
 * follows this indicator. Tokens are still issued meanwhile, so it belongs in the overall
 * health, not in a readiness group.
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
		Health.Builder down = Health.down();
		if (failure.directory() != null) {
			down.withDetail("archiveDir", failure.directory().toString());
		}
		return down.withDetail("error", failure.error())
			.withDetail("since", failure.at().toString())
			.withDetail("action", failure.action())
			.build();
	}

}
