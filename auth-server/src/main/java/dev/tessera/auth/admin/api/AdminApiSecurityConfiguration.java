package dev.tessera.auth.admin.api;

import dev.tessera.auth.audit.AdminAuditing;
import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.token.ActiveAccessTokenDecoder;
import dev.tessera.auth.token.RevokedTokenRepository;
import dev.tessera.auth.token.TokenVerifier;
import dev.tessera.auth.web.ProblemAccessDeniedHandler;
import dev.tessera.auth.web.ProblemEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The admin plane: {@code /admin/api/**} accepts only bearer tokens from this server
 * that are still active, with the scope of the area ({@code admin:clients} changes
 * clients and scopes, {@code admin:keys} signing keys; {@code admin:read} reads
 * everything and changes nothing).
 * Stateless, no cookies, so no CSRF surface; every refusal is problem JSON.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiSecurityConfiguration {

	static final String CLIENTS = "SCOPE_admin:clients";

	static final String KEYS = "SCOPE_admin:keys";

	static final String READ = "SCOPE_admin:read";

	static final String AUDIT = "SCOPE_audit:read";

	@Bean
	@Order(2)
	SecurityFilterChain adminApiSecurityFilterChain(HttpSecurity http, TokenVerifier verifier,
			RevokedTokenRepository revoked, ClientDirectory clients, TesseraProperties properties,
			AdminAuditing auditing) throws Exception {
		ActiveAccessTokenDecoder decoder = new ActiveAccessTokenDecoder(verifier, revoked, clients,
				properties.issuer());
		ProblemEntryPoint problem = new ProblemEntryPoint();
		AuthenticationEntryPoint entryPoint = (request, response, exception) -> {
			auditing.refused(request, "admin.authenticate", 401, exception.getMessage());
			problem.commence(request, response, exception);
		};
		ProblemAccessDeniedHandler forbidden = new ProblemAccessDeniedHandler();
		AccessDeniedHandler accessDenied = (request, response, exception) -> {
			auditing.refused(request, "admin.authorize", 403, "missing scope");
			forbidden.handle(request, response, exception);
		};
		http.securityMatcher("/admin/api/**")
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers(HttpMethod.GET, "/admin/api/scopes/**", "/admin/api/clients/**")
				.hasAnyAuthority(CLIENTS, READ)
				.requestMatchers("/admin/api/scopes/**", "/admin/api/clients/**")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.GET, "/admin/api/audit", "/admin/api/audit/**")
				.hasAuthority(AUDIT)
				.requestMatchers(HttpMethod.POST, "/admin/api/audit/verify")
				.hasAuthority(AUDIT)
				.requestMatchers(HttpMethod.GET, "/admin/api/keys/**")
				.hasAnyAuthority(KEYS, READ)
				.requestMatchers("/admin/api/keys/**")
				.hasAuthority(KEYS)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(decoder))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

}
