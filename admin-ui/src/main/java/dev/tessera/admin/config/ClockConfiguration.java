package dev.tessera.admin.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's one source of "now" (key ages, the dashboard's dates, export file names),
 * a bean so that tests can replace it with a fixed or ticking clock instead of waiting.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
