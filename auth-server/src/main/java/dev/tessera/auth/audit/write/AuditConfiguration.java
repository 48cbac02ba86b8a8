package dev.tessera.auth.audit.write;

import dev.tessera.auth.admin.api.AdminAuditing;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditCheckpointJob;
import dev.tessera.auth.audit.integrity.AuditCheckpoints;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditKeys;
import dev.tessera.auth.audit.integrity.AuditPrivilegeCheck;
import dev.tessera.auth.key.KeyEventAuditing;
import dev.tessera.auth.user.UserSignInAuditing;
import dev.tessera.auth.web.ClientAddressResolver;
import dev.tessera.auth.web.CorrelationFilter;
import java.time.Clock;

import javax.sql.DataSource;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.encryption.ServerSecrets;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the audit writer, the trail the rest of the server records to, and the request filters. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

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
	AuditWriter auditWriter(DataSource dataSource, AuditHashChain hashes, TesseraProperties properties) {
		AuditPrivilegeCheck.check(dataSource, properties.isProduction());
		return new AuditWriter(dataSource, hashes, properties.audit().maxBatch(), properties.audit().queueCapacity());
	}

	@Bean
	AuditCheckpoints auditCheckpoints(AuditKeys keys, TesseraProperties properties) {
		return new AuditCheckpoints(keys.checkpointKey(), properties.audit().archiveDir(properties.dataDir()));
	}

	@Bean
	AuditCheckpointJob auditCheckpointJob(AuditWriter writer, AuditCheckpoints checkpoints,
			TesseraProperties properties, Clock clock) {
		return new AuditCheckpointJob(writer, checkpoints, properties.audit().checkpointInterval(), clock);
	}

	@Bean
	AuditTrail auditTrail(AuditWriter writer, Clock clock, TesseraProperties properties) {
		return new AuditTrail(writer, clock, properties.audit().waitTimeout());
	}

	@Bean
	AdminAuditing adminAuditing(AuditTrail trail) {
		return new AdminAuditing(trail);
	}

	@Bean
	KeyEventAuditing keyEventAuditing(AuditTrail trail) {
		return new KeyEventAuditing(trail);
	}

	@Bean
	UserSignInAuditing userSignInAuditing(AuditTrail trail) {
		return new UserSignInAuditing(trail);
	}

	@Bean
	FilterRegistrationBean<CorrelationFilter> correlationFilter(TesseraProperties properties) {
		FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(
				new CorrelationFilter(new ClientAddressResolver(properties.audit().trustedProxies())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
