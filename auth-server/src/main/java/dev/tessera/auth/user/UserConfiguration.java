package dev.tessera.auth.user;

import java.time.Clock;

import dev.tessera.auth.audit.AuditTrail;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Wires the people: their rules, the admin plane's use cases, the sign-in time. */
@Configuration(proxyBeanMethods = false)
public class UserConfiguration {

	/** Reads the shipped list of common passwords once. */
	@Bean
	PasswordPolicy passwordPolicy() {
		return PasswordPolicy.withShippedList();
	}

	@Bean
	UserRules userRules(PasswordPolicy passwordPolicy) {
		return new UserRules(passwordPolicy);
	}

	@Bean
	UserAdministration userAdministration(AppUserRepository users, UserRules rules, PasswordEncoder passwordEncoder,
			Clock clock, AuditTrail audit, ApplicationEventPublisher events) {
		return new UserAdministration(users, rules, passwordEncoder, clock, audit, events);
	}

	@Bean
	LastSignInRecorder lastSignInRecorder(AppUserRepository users, Clock clock) {
		return new LastSignInRecorder(users, clock);
	}

}
