package dev.tessera.auth.audit.write;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this node's audit writer runs (part of the readiness group: every token waits
 * for its audit event, so a node without a writer refuses every token request). Its
 * thread running, not the store answering: that is the database's own indicator, in the
 * overall health only, so a shared-database outage does not take every node out of the
 * load balancer.
 */
public class AuditWriterHealthIndicator implements HealthIndicator {

	private final AuditWriter writer;

	public AuditWriterHealthIndicator(AuditWriter writer) {
		this.writer = writer;
	}

	@Override
	public Health health() {
		Health.Builder health = this.writer.isRunning() ? Health.up() : Health.down();
		return health.withDetail("queueDepth", this.writer.queueDepth()).build();
	}

}
