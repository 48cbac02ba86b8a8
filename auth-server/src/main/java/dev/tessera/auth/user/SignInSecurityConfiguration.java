package dev.tessera.auth.user;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.web.BrowserRequests;
import dev.tessera.auth.web.ErrorResponses;
import dev.tessera.auth.web.ProblemEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The last filter chain: everything that is neither a protocol endpoint nor the admin
 * API, which is where people sign in. Browsers asking for HTML are sent to the sign-in
 * page; any other caller gets problem JSON.
 */
@Configuration(proxyBeanMethods = false)
public class SignInSecurityConfiguration {

	/** What signing in records in the audit trail. */
	@Bean
	UserSignInAuditing userSignInAuditing(AuditTrail trail) {
		return new UserSignInAuditing(trail);
	}

	@Bean
	@Order(3)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http, UserSignInAuditing signIns, ErrorResponses errors)
			throws Exception {
		http.authorizeHttpRequests(
				authorize -> authorize.requestMatchers("/error", "/login", "/v3/api-docs", "/v3/api-docs/**")
					.permitAll()
					.anyRequest()
					.authenticated())
			.formLogin(login -> login.successHandler(signIns.succeeded()).failureHandler(signIns.failed()))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						BrowserRequests.matcher())
				.defaultAuthenticationEntryPointFor(new ProblemEntryPoint(errors), AnyRequestMatcher.INSTANCE));
		return http.build();
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
