package dev.tessera.auth.cluster;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires cache invalidation between the nodes that share the database; each feature that
 * caches registers a {@link CacheInvalidationListener}.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

	@Bean
	PostgresCacheInvalidations cacheInvalidations(DataSource dataSource,
			ObjectProvider<CacheInvalidationListener> listeners) {
		return new PostgresCacheInvalidations(dataSource, listeners);
	}

}
