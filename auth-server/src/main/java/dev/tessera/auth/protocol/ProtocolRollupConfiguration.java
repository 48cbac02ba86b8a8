package dev.tessera.auth.protocol;

import dev.tessera.auth.audit.rollup.AuditRollupRule;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the audit trail's rollups what a token is in this server's events: a successful
 * {@value ProtocolEndpoints#ISSUE} (recorded by {@link TokenResponseHandler} with the
 * granted scopes, space-separated, under {@code scope}), and where an event names its
 * error code ({@code error}: the OAuth error of a protocol refusal, the exception's name
 * of a failed sign-in).
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolRollupConfiguration {

	@Bean
	AuditRollupRule auditRollupRule() {
		return new AuditRollupRule(ProtocolEndpoints.ISSUE, "scope", "error");
	}

}
