package dev.tessera.auth.token.quota;

import java.time.Clock;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires per-client token quotas: the per-node counter, its store in PostgreSQL, the
 * periodic sync and the refusals' audit events. The token generator is wrapped in
 * {@code token.TokenConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class TokenQuotaConfiguration {

	@Bean
	TokenQuotaCounter tokenQuotaCounter(Clock clock, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		return new TokenQuotaCounter(clock, new JdbcQuotaUsageStore(jdbc, new TransactionTemplate(transactions)));
	}

	@Bean
	QuotaRefusalAuditing quotaRefusalAuditing(AuditTrail trail, AuditCounters counters) {
		return new QuotaRefusalAuditing(trail, counters);
	}

	@Bean
	TokenQuotaSync tokenQuotaSync(TokenQuotaCounter counter, QuotaRefusalAuditing auditing, Clock clock,
			TesseraProperties properties) {
		return new TokenQuotaSync(counter, auditing, clock, properties.quotas().syncInterval(),
				properties.quotas().retention());
	}

}
