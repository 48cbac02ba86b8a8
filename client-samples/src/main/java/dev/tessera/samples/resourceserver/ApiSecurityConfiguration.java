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
 * token, and each endpoint names the scope it needs, in one place: {@code GET /api/hello}
 * needs {@code sample:read}, {@code POST /api/messages} needs {@code sample:write}, and
 * anything else under {@code /api} is refused (deny by default, so a new endpoint is not
 * open until it gets its rule). There is no session, login page or CSRF token: nothing is
 * kept in cookies, so no request can ride on a browser's credentials. Scopes become
 * {@code SCOPE_} authorities through Spring's default converter, which splits Tessera's
 * space-separated {@code scope} claim; a valid token without the scope gets {@code 403}
 * with {@code error="insufficient_scope"}. {@code /.well-known/oauth-protected-resource}
 * (RFC 9728) tells clients which authorization server and scopes to use, and names as the
 * {@code resource} this API's identifier, {@code SAMPLE_AUDIENCE}: the audience the
 * decoder enforces, not the URL the request happened to use (Spring's default). A client
 * that follows the metadata and asks Tessera with {@code resource=<that>} (RFC 8707) gets
 * a token whose {@code aud} is exactly this API, so one this API accepts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResourceServerProperties.class)
class ApiSecurityConfiguration {

	static final String READ_SCOPE = "sample:read";

	static final String WRITE_SCOPE = "sample:write";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ResourceServerProperties properties) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/hello")
			.hasAuthority("SCOPE_" + READ_SCOPE)
			.requestMatchers(HttpMethod.POST, "/api/messages")
			.hasAuthority("SCOPE_" + WRITE_SCOPE)
			.requestMatchers("/api/**")
			.denyAll()
			// lets a server-side failure (e.g. Tessera's JWKS unreachable) show as the
			// 500 it is
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				// RFC 9728 metadata, linked from every 401 challenge: which resource to
				// ask a token for (the audience enforced), where, and for which scopes
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> resource.resource(properties.audience())
						.authorizationServer(properties.issuer())
						.scope(READ_SCOPE)
						.scope(WRITE_SCOPE))))
			// bearer tokens only: no cookie, so no cross-site request forgery to defend
			// against, and a POST without a token gets the 401 challenge, not a CSRF 403
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(ResourceServerProperties properties) {
		return TesseraJwtDecoders.forIssuer(properties.issuer(), properties.effectiveJwkSetUri(), properties.audience(),
				properties.jwks().cache(), properties.clockSkew());
	}

}
