package dev.tessera.samples.resourceserver;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Makes the sample a bearer-token-only API: every request needs a valid Tessera access
 * token, {@code GET /api/hello} also needs the {@code sample:read} scope, and there is no
 * session or login page. Scopes become {@code SCOPE_} authorities through Spring's
 * default converter, which splits Tessera's space-separated {@code scope} claim.
 * {@code /.well-known/oauth-protected-resource} (RFC 9728) tells clients which
 * authorization server and scope to use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResourceServerProperties.class)
class ApiSecurityConfiguration {

	static final String READ_SCOPE = "sample:read";

	static final String READ_AUTHORITY = "SCOPE_" + READ_SCOPE;

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ResourceServerProperties properties) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/hello")
			.hasAuthority(READ_AUTHORITY)
			// lets a server-side failure (e.g. Tessera's JWKS unreachable) show as the
			// 500 it is
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				// RFC 9728 metadata, linked from every 401 challenge: where to get a
				// token
				.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
						(resource) -> resource.authorizationServer(properties.issuer()).scope(READ_SCOPE))))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(ResourceServerProperties properties) {
		return TesseraJwtDecoders.forIssuer(properties.issuer(), properties.effectiveJwkSetUri(),
				properties.audience());
	}

}
