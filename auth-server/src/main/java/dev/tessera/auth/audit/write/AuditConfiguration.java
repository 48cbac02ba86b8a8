package dev.tessera.auth.audit.write;

import java.time.Clock;
import javax.sql.DataSource;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditCheckpointJob;
import dev.tessera.auth.audit.integrity.AuditCheckpoints;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditIntegrityConfiguration;
import dev.tessera.auth.audit.integrity.AuditPrivilegeCheck;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.web.ClientAddressResolver;
import dev.tessera.auth.web.CorrelationFilter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the audit writer, the trail the rest of the server records to, the checkpoints of
 * this node's chain, and the request filters. The writer keeps the rollups as the
 * {@link AuditRollupRule} bean says (given by the feature that knows what a token is).
 * (The chain's keys and verification are {@link AuditIntegrityConfiguration}; each
 * feature wires its own auditing adapter.)
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

	@Bean
	AuditWriter auditWriter(DataSource dataSource, AuditHashChain hashes, AuditRollupRule rollupRule,
			TesseraProperties properties) {
		AuditPrivilegeCheck.check(dataSource, properties.isProduction());
		AuditWriter writer = new AuditWriter(dataSource, hashes, new AuditRollupWriter(new AuditRollup(rollupRule)),
				properties.audit().maxBatch(), properties.audit().queueCapacity());
		writer.setQueueReservedForSuccess(properties.audit().queueReservedForSuccess());
		writer.setStallLimit(properties.audit().waitTimeout());
		return writer;
	}

	/** The writer's meters (queue depth, batch size, commit lag). */
	@Bean
	AuditWriterMetrics auditWriterMetrics(AuditWriter writer, TesseraProperties properties) {
		return new AuditWriterMetrics(writer, properties.audit().queueCapacity());
	}

	/** Part of the readiness group. */
	@Bean
	AuditWriterHealthIndicator auditWriterHealthIndicator(AuditWriter writer) {
		return new AuditWriterHealthIndicator(writer);
	}

	@Bean
	AuditCheckpointJob auditCheckpointJob(AuditWriter writer, AuditCheckpoints checkpoints,
			TesseraProperties properties, Clock clock) {
		return new AuditCheckpointJob(writer::head, checkpoints, properties.audit().checkpointInterval(), clock);
	}

	/**
	 * Counter events: at most 20 distinct events per source address and 2,000 in all per
	 * interval, so one flush is a few of the writer's batches (512) whatever callers
	 * send.
	 */
	@Bean
	AuditCounters auditCounters(AuditWriter writer, Clock clock, TesseraProperties properties) {
		return new AuditCounters(writer, clock, properties.audit().counterInterval(), 2_000, 20);
	}

	@Bean
	AuditTrail auditTrail(AuditWriter writer, Clock clock, TesseraProperties properties) {
		return new AuditTrail(writer, clock, properties.audit().waitTimeout());
	}

	@Bean
	FilterRegistrationBean<CorrelationFilter> correlationFilter(TesseraProperties properties) {
		FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(
				new CorrelationFilter(new ClientAddressResolver(properties.audit().trustedProxies())));
		// first of all filters (then security headers +1, token metrics +2, strict form
		// decoding +3, forwarded client certificates and the grant noting +4, database
		// outage +5, body limit +6)
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
