package dev.tessera.bench.baseline;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The baseline Tessera is measured against: Spring Authorization Server as Spring Boot
 * ships it, configured the way its reference documentation shows, with the defaults
 * Tessera replaces left alone. Clients live in {@link JdbcRegisteredClientRepository};
 * every token is saved by {@link JdbcOAuth2AuthorizationService}; client secrets are
 * checked by the default {@code DelegatingPasswordEncoder} ({@code {bcrypt}}); one RSA
 * key is generated at start by Boot's auto-configuration. The database is an embedded
 * PostgreSQL 17 with the durability settings of Tessera's development database
 * ({@link BaselineDatabase}). Started by the benchmark as a separate JVM; not a Tessera
 * component.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PlainSpringAuthorizationServer {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PlainSpringAuthorizationServer.class);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off", "logging.level.io.zonky.test", "WARN",
				"spring.application.name", "plain-spring-authorization-server"));
		application.run(args);
	}

	/**
	 * The authorization server's endpoints, as in Spring's "Getting started" guide
	 * (without OIDC).
	 */
	@Bean
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer((server) -> http.securityMatcher(server.getEndpointsMatcher()))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
		return http.build();
	}

	/** The tables, as an operator would have created them before the first start. */
	@Bean
	BaselineSchema baselineSchema(JdbcOperations jdbc) {
		return new BaselineSchema(jdbc);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, BaselineSchema schema) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
			BaselineSchema schema) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	BaselineClients baselineClients(RegisteredClientRepository clients, Environment environment) {
		return new BaselineClients(clients, environment);
	}

}
