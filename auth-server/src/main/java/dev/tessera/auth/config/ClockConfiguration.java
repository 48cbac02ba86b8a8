package dev.tessera.auth.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One clock for every time-based rule (key rotation, token lifetimes, secret expiry and
 * grace periods, audit timestamps, retention cut-offs, checkpoints), so tests can reason
 * about time: the system's UTC clock here, and in tests a clock the test moves, made the
 * primary {@code Clock} bean next to this one. Code that decides by the time takes this
 * bean, never {@code Instant.now()}.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
