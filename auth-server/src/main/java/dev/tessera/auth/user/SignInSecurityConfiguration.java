package dev.tessera.auth.user;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.user.signin.ExpiredSignInFormHandler;
import dev.tessera.auth.user.signin.HtmlPages;
import dev.tessera.auth.user.signin.PageSecurityHeaders;
import dev.tessera.auth.user.signin.SignInThrottle;
import dev.tessera.auth.user.signin.SignInThrottleFilter;
import dev.tessera.auth.web.BrowserRequests;
import dev.tessera.auth.web.ErrorResponses;
import dev.tessera.auth.web.ProblemEntryPoint;

import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The last filter chain: everything that is neither a protocol endpoint nor the admin
 * API, which is where people sign in. Browsers asking for HTML are sent to the sign-in
 * page; any other caller gets problem JSON. Spring's form login and logout do the work,
 * with Tessera's pages ({@code user.signin}), their security headers
 * ({@link PageSecurityHeaders}) and the sign-in throttle ({@link SignInThrottleFilter}),
 * which answers before the password is checked.
 */
@Configuration(proxyBeanMethods = false)
public class SignInSecurityConfiguration {

	/** What signing in records in the audit trail. */
	@Bean
	UserSignInAuditing userSignInAuditing(AuditTrail trail, SignInThrottle throttle) {
		return new UserSignInAuditing(trail, throttle);
	}

	@Bean
	@Order(3)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http, UserSignInAuditing signIns, ErrorResponses errors,
			PageSecurityHeaders pageHeaders, SignInThrottle throttle, HtmlPages pages, AuditTrail trail,
			AppUserDetailsService users, PasswordEncoder passwords, ObjectProvider<AuthenticationEventPublisher> events,
			ApplicationEventPublisher applicationEvents) throws Exception {
		RequestMatcher signInForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
		http.authenticationManager(signIns(users, passwords,
				events.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(applicationEvents))))
			// RFC 8615 documents are public: one that does not exist is a 404 (in RFC
			// 6749
			// JSON, as every error under /.well-known/), not a demand for a token
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers("/error", "/login", "/logout", "/assets/**", "/v3/api-docs", "/v3/api-docs/**",
						"/.well-known/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin(login -> login.loginPage("/login")
				.successHandler(signIns.succeeded())
				.failureHandler(signIns.failed()))
			.logout(logout -> logout.logoutUrl("/logout")
				.logoutSuccessHandler(signIns.signedOut())
				.deleteCookies("TESSERA_SESSION"))
			.headers(headers -> headers.defaultsDisabled()
				.httpStrictTransportSecurity(Customizer.withDefaults())
				.addHeaderWriter(pageHeaders))
			.addFilterBefore(new SignInThrottleFilter(throttle, signInForm, pages, trail),
					UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling(exceptions -> exceptions.accessDeniedHandler(new ExpiredSignInFormHandler(signInForm))
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						BrowserRequests.matcher())
				.defaultAuthenticationEntryPointFor(new ProblemEntryPoint(errors), AnyRequestMatcher.INSTANCE));
		return http.build();
	}

	/**
	 * Password sign-in that takes as long for a disabled (or locked) account as for a
	 * wrong password: Spring checks the account's status before the password by default,
	 * so a disabled account answered some 60 ms sooner, telling a guesser that it exists;
	 * here the status is checked after the password hash, and any refusal reads the same
	 * on the page. Unknown usernames are already hashed against a dummy by Spring. A
	 * successful sign-in upgrades an old hash ({@link AppUserDetailsService}).
	 */
	static AuthenticationManager signIns(UserDetailsService users, PasswordEncoder passwords,
			AuthenticationEventPublisher events) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwords);
		if (users instanceof UserDetailsPasswordService upgrades) {
			provider.setUserDetailsPasswordService(upgrades);
		}
		provider.setPreAuthenticationChecks(user -> {
		});
		provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
		ProviderManager manager = new ProviderManager(provider);
		manager.setAuthenticationEventPublisher(events);
		return manager;
	}

	/**
	 * People's passwords only (Argon2id, older BCrypt hashes still verify; see
	 * {@link PasswordHashing}); client secrets never go through it.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordHashing.encoder();
	}

}
