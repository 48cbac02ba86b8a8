package dev.tessera.admin.config;

import dev.tessera.admin.signin.AdminRoleGate;
import dev.tessera.admin.signin.CanonicalHostFilter;
import dev.tessera.admin.signin.ConsoleClientRegistrations;
import dev.tessera.admin.signin.ConsoleCredentials;
import dev.tessera.admin.signin.SignInController;
import dev.tessera.admin.signin.SignInFailure;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's single filter chain. People sign in through Tessera (OpenID Connect,
 * authorization code with PKCE, {@link ConsoleClientRegistrations}); only the sign-in
 * page, static files, the error page and the health endpoint are open. The person's
 * tokens live in their HTTP session only, so signing out (which also ends the Tessera
 * session through RP-initiated logout) leaves nothing behind.
 * <p>
 * CSRF protection stays on for every form. Besides Spring Security's default headers
 * ({@code X-Frame-Options: DENY}, {@code nosniff}, no-cache), pages get a strict
 * Content-Security-Policy: the console's own scripts, styles and images only, no inline
 * code, no framing, and forms may post only to the console, or to the issuer, which the
 * browser checks also for the redirect that sign-out sends it to.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TesseraProperties properties,
			ConsoleClientRegistrations registrations, OAuth2AuthorizedClientRepository authorizedClients)
			throws Exception {
		OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		signedOut.setPostLogoutRedirectUri(
				ConsoleClientRegistrations.withoutTrailingSlash(properties.console().url()) + "/");
		http.authorizeHttpRequests(authorize -> authorize
			.requestMatchers(SignInController.PATH, "/css/**", "/js/**", "/favicon.ico", "/error")
			.permitAll()
			.requestMatchers(EndpointRequest.to("health"))
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login(login -> login.loginPage(SignInController.PATH)
				.clientRegistrationRepository(registrations)
				.authorizedClientRepository(authorizedClients)
				.successHandler(new AdminRoleGate())
				.failureHandler(new SignInFailure()))
			.logout(logout -> logout.logoutSuccessHandler(signedOut))
			.requestCache(cache -> cache.requestCache(pageBeforeSignIn()))
			// after the header writer, so its redirect carries the security headers too
			.addFilterAfter(new CanonicalHostFilter(properties.console().url()), HeaderWriterFilter.class)
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(properties)))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/**
	 * Remembers the page a person asked for before signing in and returns them there,
	 * without Spring's {@code ?continue} marker in the URL.
	 */
	private static HttpSessionRequestCache pageBeforeSignIn() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setMatchingRequestParameterName(null);
		return cache;
	}

	static String contentSecurityPolicy(TesseraProperties properties) {
		return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
				+ "form-action 'self' " + origin(properties) + "; frame-ancestors 'none'; base-uri 'none'";
	}

	private static String origin(TesseraProperties properties) {
		java.net.URI issuer = properties.issuer();
		return issuer.getScheme() + "://" + issuer.getRawAuthority();
	}

	@Bean
	ConsoleCredentials consoleCredentials(TesseraProperties properties) {
		return new ConsoleCredentials(properties);
	}

	@Bean
	ConsoleClientRegistrations consoleClientRegistrations(TesseraProperties properties,
			ConsoleCredentials credentials) {
		return new ConsoleClientRegistrations(properties, credentials);
	}

	@Bean
	OAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new HttpSessionOAuth2AuthorizedClientRepository();
	}

	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ConsoleClientRegistrations registrations,
			OAuth2AuthorizedClientRepository authorizedClients) {
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
				authorizedClients);
		manager.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
		return manager;
	}

}
