package dev.tessera.auth.web;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management endpoints (health, metrics) on their own port, first among the filter
 * chains. Open when no credentials are configured (the port is then meant to be reachable
 * only inside the deployment: production mode insists it is bound to one interface); with
 * {@code TESSERA_MANAGEMENT_USERNAME} / {@code _PASSWORD}, everything but the health
 * endpoint and its probe groups needs them over HTTP Basic, so a load balancer's or
 * kubelet's probe needs no secret while metrics (which name every client) do.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http, TesseraProperties properties)
			throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		TesseraProperties.Management management = properties.management();
		if (!management.protectedByCredentials()) {
			http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
			return http.build();
		}
		// hashed once at start: the configured password is never kept or compared as text
		BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(
				new InMemoryUserDetailsManager(User.withUsername(management.username())
					.password(encoder.encode(management.password()))
					.authorities("MANAGEMENT")
					.build()));
		provider.setPasswordEncoder(encoder);
		http.authenticationManager(new ProviderManager(provider))
			.httpBasic(basic -> basic.realmName("tessera-management"))
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

}
