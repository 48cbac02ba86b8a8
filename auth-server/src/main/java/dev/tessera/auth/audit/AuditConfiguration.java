package dev.tessera.auth.audit;

import java.time.Clock;

import javax.sql.DataSource;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/** Wires the audit writer, the trail the rest of the server records to, and the request filters. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

	@Bean
	AuditWriter auditWriter(DataSource dataSource, TesseraProperties properties) {
		return new AuditWriter(dataSource, properties.audit().maxBatch(), properties.audit().queueCapacity());
	}

	@Bean
	AuditTrail auditTrail(AuditWriter writer, Clock clock, TesseraProperties properties) {
		return new AuditTrail(writer, clock, properties.audit().waitTimeout());
	}

	@Bean
	ProtocolAuditing protocolAuditing(AuditTrail trail) {
		return new ProtocolAuditing(trail);
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

	/**
	 * The requests that answer only after their audit event is committed, and act on
	 * nothing before: there, single-use checks ride with the event ({@link AuditedWrite}).
	 */
	@Bean
	FilterRegistrationBean<AuditedWriteScope> auditedWriteScope(AuthorizationServerSettings settings) {
		FilterRegistrationBean<AuditedWriteScope> registration = new FilterRegistrationBean<>(
				new AuditedWriteScope(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint()));
		// after web.StrictFormFilter, which decides what the parameters are
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<CorrelationFilter> correlationFilter(TesseraProperties properties) {
		FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(
				new CorrelationFilter(new ClientAddressResolver(properties.audit().trustedProxies())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
