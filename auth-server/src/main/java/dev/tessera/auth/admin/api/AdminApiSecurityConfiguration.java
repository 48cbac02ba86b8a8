package dev.tessera.auth.admin.api;

import dev.tessera.auth.token.ActiveAccessTokens;
import dev.tessera.auth.token.IssuerAudienceValidator;
import dev.tessera.auth.web.ErrorResponses;
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
 * The admin plane: {@code /admin/api/**} accepts only bearer tokens from this server that
 * are still active and addressed to the issuer alone (see {@link ActiveAccessTokens} and
 * {@link IssuerAudienceValidator}), with the scope of the area ({@code admin:clients}
 * changes clients, scopes and trusted issuers, {@code admin:keys} signing keys,
 * {@code admin:users} people, {@code audit:read} reads the audit trail;
 * {@code admin:read} reads clients, scopes, trusted issuers, keys and people and changes
 * nothing; the figures built from the audit rollups, the scope review, the overview and a
 * client's usage, and the certificate inventory, need {@code admin:read} itself).
 *
 * <p>
 * Every call is authorised by its method and path, each pair listed; {@code HEAD} needs
 * what {@code GET} needs (Spring MVC answers it with the GET handler), and whatever is
 * not listed is denied. A refusal says why, as RFC 6750 §3 asks
 * ({@code WWW-Authenticate: Bearer error="invalid_token"} with the reason, or
 * {@code error="insufficient_scope"} with the scope that would allow the call), and
 * repeats it in an RFC 9457 problem. Stateless, no cookies, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
public class AdminApiSecurityConfiguration {

	static final String CLIENTS = "SCOPE_admin:clients";

	static final String KEYS = "SCOPE_admin:keys";

	static final String USERS = "SCOPE_admin:users";

	static final String READ = "SCOPE_admin:read";

	static final String AUDIT = "SCOPE_audit:read";

	@Bean
	@Order(2)
	SecurityFilterChain adminApiSecurityFilterChain(HttpSecurity http, ActiveAccessTokens tokens,
			AdminAuditing auditing, ErrorResponses errors) throws Exception {
		ActiveAccessTokens decoder = tokens.addressedToIssuerAlone();
		ProblemEntryPoint problem = new ProblemEntryPoint(errors);
		AuthenticationEntryPoint entryPoint = (request, response, exception) -> {
			auditing.refused(request, "admin.authenticate", 401, ProblemEntryPoint.detail(exception));
			problem.commence(request, response, exception);
		};
		ProblemAccessDeniedHandler forbidden = new ProblemAccessDeniedHandler(errors);
		AccessDeniedHandler accessDenied = (request, response, exception) -> {
			auditing.refused(request, "admin.authorize", 403, ProblemAccessDeniedHandler.detail(exception));
			forbidden.handle(request, response, exception);
		};
		http.securityMatcher("/admin/api/**")
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers(HttpMethod.GET, "/admin/api/scopes", "/admin/api/clients",
						"/admin/api/clients/{clientId}")
				.hasAnyAuthority(CLIENTS, READ)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/scopes", "/admin/api/clients",
						"/admin/api/clients/{clientId}")
				.hasAnyAuthority(CLIENTS, READ)
				.requestMatchers(HttpMethod.POST, "/admin/api/scopes", "/admin/api/clients",
						"/admin/api/clients/{clientId}/secret")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.DELETE, "/admin/api/scopes/{name}", "/admin/api/clients/{clientId}")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.PATCH, "/admin/api/clients/{clientId}")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.PATCH, "/admin/api/scopes/{name}")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.GET, "/admin/api/trusted-issuers", "/admin/api/trusted-issuers/{id}")
				.hasAnyAuthority(CLIENTS, READ)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/trusted-issuers", "/admin/api/trusted-issuers/{id}")
				.hasAnyAuthority(CLIENTS, READ)
				.requestMatchers(HttpMethod.POST, "/admin/api/trusted-issuers")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.PATCH, "/admin/api/trusted-issuers/{id}")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.DELETE, "/admin/api/trusted-issuers/{id}")
				.hasAuthority(CLIENTS)
				.requestMatchers(HttpMethod.GET, "/admin/api/users", "/admin/api/users/{username}")
				.hasAnyAuthority(USERS, READ)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/users", "/admin/api/users/{username}")
				.hasAnyAuthority(USERS, READ)
				.requestMatchers(HttpMethod.POST, "/admin/api/users")
				.hasAuthority(USERS)
				.requestMatchers(HttpMethod.PATCH, "/admin/api/users/{username}")
				.hasAuthority(USERS)
				.requestMatchers(HttpMethod.DELETE, "/admin/api/users/{username}")
				.hasAuthority(USERS)
				.requestMatchers(HttpMethod.GET, "/admin/api/keys")
				.hasAnyAuthority(KEYS, READ)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/keys")
				.hasAnyAuthority(KEYS, READ)
				.requestMatchers(HttpMethod.POST, "/admin/api/keys/rotate", "/admin/api/keys/{kid}/revoke")
				.hasAuthority(KEYS)
				.requestMatchers(HttpMethod.GET, "/admin/api/audit", "/admin/api/audit/export",
						"/admin/api/audit/verify")
				.hasAuthority(AUDIT)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/audit", "/admin/api/audit/export",
						"/admin/api/audit/verify")
				.hasAuthority(AUDIT)
				.requestMatchers(HttpMethod.POST, "/admin/api/audit/verify")
				.hasAuthority(AUDIT)
				.requestMatchers(HttpMethod.GET, "/admin/api/reviews/scopes", "/admin/api/overview",
						"/admin/api/clients/{clientId}/usage", "/admin/api/certificates")
				.hasAuthority(READ)
				.requestMatchers(HttpMethod.HEAD, "/admin/api/reviews/scopes", "/admin/api/overview",
						"/admin/api/clients/{clientId}/usage", "/admin/api/certificates")
				.hasAuthority(READ)
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(decoder))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

}
