package dev.tessera.auth.cluster;

import javax.sql.DataSource;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires cache invalidation between the nodes that share the database. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

	@Bean
	PostgresCacheInvalidations cacheInvalidations(DataSource dataSource, ClientDirectory clients, SigningKeys keys) {
		return new PostgresCacheInvalidations(dataSource, clients::evict, keys::refresh, () -> {
			clients.evictAll();
			keys.refresh();
		});
	}

}
