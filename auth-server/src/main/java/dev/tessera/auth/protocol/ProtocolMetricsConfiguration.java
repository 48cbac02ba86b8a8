package dev.tessera.auth.protocol;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The token endpoint's metrics ({@link TokenMetrics}): measured by a filter right after
 * the correlation filter (order 0) and the security headers (+1), at +2, ahead of every
 * filter that refuses requests, so that a refusal by any later filter is counted; the
 * grant is noted right after the strict form decoding (+3), at +4, ahead of the database
 * outage filter (+5).
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolMetricsConfiguration {

	@Bean
	TokenMetrics tokenMetrics(MeterRegistry registry) {
		return new TokenMetrics(registry);
	}

	@Bean
	FilterRegistrationBean<TokenRequestMetricsFilter> tokenRequestMetricsFilter(TokenMetrics metrics,
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<TokenRequestMetricsFilter> registration = new FilterRegistrationBean<>(
				new TokenRequestMetricsFilter(metrics));
		registration.addUrlPatterns(settings.getTokenEndpoint());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<TokenRequestMetricsFilter.GrantNoting> tokenGrantNotingFilter(
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<TokenRequestMetricsFilter.GrantNoting> registration = new FilterRegistrationBean<>(
				new TokenRequestMetricsFilter.GrantNoting());
		registration.addUrlPatterns(settings.getTokenEndpoint());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

}
