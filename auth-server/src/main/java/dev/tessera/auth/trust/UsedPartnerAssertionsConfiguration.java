package dev.tessera.auth.trust;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The cluster-wide single-use record of partner assertions. */
@Configuration(proxyBeanMethods = false)
public class UsedPartnerAssertionsConfiguration {

	@Bean
	UsedPartnerAssertions usedPartnerAssertions(JdbcTemplate jdbc) {
		return new UsedPartnerAssertions(jdbc);
	}

}
