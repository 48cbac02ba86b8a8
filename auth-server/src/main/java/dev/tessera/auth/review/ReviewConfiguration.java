package dev.tessera.auth.review;

import java.time.Clock;
import javax.sql.DataSource;

import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.key.KeyLifecycle;
import dev.tessera.auth.key.KeyRotation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the reviews: the rollup reader and the figures built on it. */
@Configuration(proxyBeanMethods = false)
public class ReviewConfiguration {

	@Bean
	RollupReader rollupReader(DataSource dataSource) {
		return new RollupReader(dataSource);
	}

	@Bean
	Reviews reviews(RollupReader rollups, ClientAdministration clients, KeyRotation keys, KeyLifecycle keySchedule,
			TesseraProperties properties, Clock clock) {
		return new Reviews(rollups, clients, keys, keySchedule, properties.clients().secretTtl(), clock);
	}

}
