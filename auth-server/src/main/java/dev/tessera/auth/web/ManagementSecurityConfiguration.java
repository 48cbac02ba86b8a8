package dev.tessera.auth.web;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management endpoints (health, metrics) on their own port: open there, since that
 * port is reachable only inside the deployment, and first among the filter chains.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
		return http.build();
	}

}
