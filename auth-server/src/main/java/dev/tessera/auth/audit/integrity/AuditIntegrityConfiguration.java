package dev.tessera.auth.audit.integrity;

import java.nio.file.Path;
import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.encryption.ServerSecrets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the tamper evidence of the audit trail: the chain and checkpoint keys, the keyed
 * hash chain the writer links rows with, the checkpoint files, and the verifier.
 */
@Configuration(proxyBeanMethods = false)
public class AuditIntegrityConfiguration {

	/** Loaded once at start (one read, one decryption): the token path never reads it. */
	@Bean
	AuditKeys auditKeys(ServerSecrets secrets, DataSource dataSource) {
		return AuditKeys.load(secrets, dataSource);
	}

	@Bean
	AuditHashChain auditHashChain(AuditKeys keys) {
		return AuditHashChain.keyed(keys.chainKey());
	}

	@Bean
	AuditCheckpoints auditCheckpoints(AuditKeys keys, TesseraProperties properties, JsonMapper json) {
		Path archiveDir = properties.audit().archiveDir(properties.dataDir());
		return new AuditCheckpoints(keys.checkpointKey(), archiveDir, json);
	}

	@Bean
	AuditVerifier auditVerifier(DataSource dataSource, PlatformTransactionManager transactions, AuditHashChain hashes) {
		return new AuditVerifier(dataSource, transactions, hashes);
	}

}
