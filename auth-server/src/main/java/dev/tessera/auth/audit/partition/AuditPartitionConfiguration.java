package dev.tessera.auth.audit.partition;

import java.time.Clock;
import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the job that keeps the {@code audit_event} partitions created ahead, its health
 * indicator and its gauge.
 */
@Configuration(proxyBeanMethods = false)
public class AuditPartitionConfiguration {

	@Bean
	AuditPartitions auditPartitions(DataSource dataSource, TesseraProperties properties, Clock clock,
			ObjectProvider<MeterRegistry> registry) {
		AuditPartitions partitions = new AuditPartitions(dataSource, properties.audit().partitionsAhead(), clock);
		registry.ifAvailable((meters) -> Gauge
			.builder("tessera.audit.partitions.ahead", partitions, AuditPartitions::lastMonthsAhead)
			.description("Whole months of audit_event partitions after the current one (-1: none holds now)")
			.register(meters));
		return partitions;
	}

	@Bean
	AuditPartitionsHealth auditPartitionsHealthIndicator(AuditPartitions partitions) {
		return new AuditPartitionsHealth(partitions);
	}

}
