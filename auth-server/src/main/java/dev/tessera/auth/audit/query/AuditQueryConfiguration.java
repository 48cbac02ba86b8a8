package dev.tessera.auth.audit.query;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.retention.AuditRetention;
import dev.tessera.auth.audit.write.AuditConfiguration;
import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the reading side of the audit trail: queries and exports for the admin API, the
 * chain verifier, and the retention job. (The writing side is {@link AuditConfiguration}.)
 */
@Configuration(proxyBeanMethods = false)
public class AuditQueryConfiguration {

	@Bean
	AuditQuery auditQuery(DataSource dataSource) {
		return new AuditQuery(dataSource);
	}

	@Bean
	AuditExport auditExport(AuditQuery query, JsonMapper json) {
		return new AuditExport(query, json);
	}

	@Bean
	AuditVerifier auditVerifier(DataSource dataSource, PlatformTransactionManager transactions,
			AuditHashChain hashes) {
		return new AuditVerifier(dataSource, transactions, hashes);
	}

	@Bean
	AuditRetention auditRetention(DataSource dataSource, PlatformTransactionManager transactions, AuditTrail trail,
			TesseraProperties properties, Clock clock, JsonMapper json) {
		TesseraProperties.Audit audit = properties.audit();
		Path archiveDir = audit.archiveDir(properties.dataDir());
		return new AuditRetention(dataSource, transactions, trail, archiveDir, audit.retention(), clock, json);
	}

}
