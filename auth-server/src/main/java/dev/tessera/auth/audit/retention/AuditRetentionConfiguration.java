package dev.tessera.auth.audit.retention;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the retention job, which archives and drops the month partitions older than the
 * retention period.
 */
@Configuration(proxyBeanMethods = false)
public class AuditRetentionConfiguration {

	@Bean
	AuditRetention auditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			AuditHashChain hashes, TesseraProperties properties, Clock clock, JsonMapper json) {
		TesseraProperties.Audit audit = properties.audit();
		Path archiveDir = audit.archiveDir(properties.dataDir());
		return new AuditRetention(dataSource, transactions, trail, hashes, archiveDir, audit.retention(), clock, json);
	}

	@Bean
	AuditRetentionHealth auditRetentionHealthIndicator(AuditRetention retention) {
		return new AuditRetentionHealth(retention);
	}

}
