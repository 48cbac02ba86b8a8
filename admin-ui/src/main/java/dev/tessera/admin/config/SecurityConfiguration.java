package dev.tessera.admin.config;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's single filter chain. Only the public status page, its stylesheet, the
 * error page and the health endpoint are open; everything else needs an authenticated
 * administrator, and since administrator sign-in (authorization code + PKCE against the
 * authorization server) does not exist yet, everything else is refused. Adding
 * {@code oauth2Login} here later turns that refusal into a sign-in.
 * <p>
 * CSRF protection stays on (the default). Besides Spring Security's default headers
 * ({@code X-Frame-Options: DENY}, {@code X-Content-Type-Options: nosniff}, no-cache),
 * pages get a Content-Security-Policy that allows only the console's own resources, no
 * framing and no form posts elsewhere, and a {@code no-referrer} policy so the console's
 * URLs do not leak to other sites.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(authorize -> authorize.requestMatchers("/", "/css/**", "/error")
			.permitAll()
			.requestMatchers(EndpointRequest.to("health"))
			.permitAll()
			.anyRequest()
			.authenticated())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

}
