package dev.tessera.auth.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link DatabaseStartupWait} (a post-processor, hence static). */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

	@Bean
	static DatabaseStartupWait databaseStartupWait() {
		return new DatabaseStartupWait();
	}

}
