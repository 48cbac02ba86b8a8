package dev.tessera.auth.audit.partition;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;

/**
 * {@code auditPartitions} on the management port: DOWN while fewer than one month of
 * {@code audit_event} partitions exists after the current one, since audit writes (and
 * with them every token request) fail from the first instant of a month without a
 * partition; UP otherwise. The server creates them ahead itself, so DOWN means that
 * creation fails (see the ERROR log). In the overall health, not in readiness: every node
 * shares the table, and taking them all out of the load balancer would not help.
 */
public class AuditPartitionsHealth implements HealthIndicator {

	private final AuditPartitions partitions;

	public AuditPartitionsHealth(AuditPartitions partitions) {
		this.partitions = partitions;
	}

	@Override
	public Health health() {
		int ahead;
		try {
			ahead = this.partitions.monthsAhead();
		}
		catch (DataAccessException ex) {
			// the database is unreachable: its own indicator says so
			return Health.unknown().withDetail("error", "the database could not be asked").build();
		}
		Health.Builder health = (ahead >= 1) ? Health.up() : Health.down();
		return health.withDetail("monthsAhead", ahead).build();
	}

}
