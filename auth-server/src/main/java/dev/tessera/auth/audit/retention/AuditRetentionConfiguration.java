package dev.tessera.auth.audit.retention;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.config.TesseraProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the retention job, which archives and drops the month partitions older than the
 * retention period, its health indicator and its gauge.
 */
@Configuration(proxyBeanMethods = false)
public class AuditRetentionConfiguration {

	@Bean
	AuditRetention auditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			AuditHashChain hashes, TesseraProperties properties, Clock clock, JsonMapper json,
			ObjectProvider<MeterRegistry> registry) {
		TesseraProperties.Audit audit = properties.audit();
		Path archiveDir = audit.archiveDir(properties.dataDir());
		AuditRetention retention = new AuditRetention(dataSource, transactions, trail, hashes, archiveDir,
				audit.retention(), clock, json);
		registry.ifAvailable(
				(meters) -> Gauge.builder("tessera.audit.retention.failing", retention, AuditRetention::failing)
					.description("1 while the last audit retention run stopped on a failure or a refusal, 0 otherwise")
					.register(meters));
		return retention;
	}

	@Bean
	AuditRetentionHealth auditRetentionHealthIndicator(AuditRetention retention) {
		return new AuditRetentionHealth(retention);
	}

}
