package dev.tessera.auth.config;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Applies the schema ({@code db/}'s Flyway migrations) as the owner role and exits: the
 * entry point of the Kubernetes migration Job, run from the server's own image
 * ({@code java -cp @/app/jib-classpath-file dev.tessera.auth.config.DatabaseMigration})
 * before a rollout, so that the server's pods run with Flyway off and never hold the
 * owner's credentials.
 * <p>
 * It is configured like the server ({@code application.yml}, so the config tree under
 * {@code TESSERA_SECRETS_DIR} and the {@code SPRING_DATASOURCE_URL},
 * {@code SPRING_FLYWAY_USER} and {@code SPRING_FLYWAY_PASSWORD} settings work the same)
 * but starts only a data source and Spring Boot's Flyway: no web server, token plane, key
 * bootstrap or scheduler. Flyway retries a database that does not answer yet
 * ({@code spring.flyway.connect-retries}, 7 by default here: waits of 1 s doubling to 64
 * s, about two minutes). Exit status 0 when the schema is current (applying nothing is
 * success, so running it twice is harmless), 1 with one line saying why otherwise.
 * <p>
 * Deliberately not a {@code @Configuration}: the server's component scan must not pick up
 * its migration strategy.
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
public class DatabaseMigration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseMigration.class);

	/** Exit status when the schema could not be brought up to date. */
	public static final int FAILED = 1;

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Migrates the database the arguments and environment name.
	 * @return the exit status: 0 when the schema is current, {@link #FAILED} otherwise
	 */
	public static int run(String... args) {
		SpringApplication application = new SpringApplication(DatabaseMigration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.flyway.connect-retries", "7"));
		application
			.addListeners((ApplicationEnvironmentPreparedEvent event) -> requireDatabase(event.getEnvironment()));
		try (ConfigurableApplicationContext context = application.run(args)) {
			MigrateResult result = context.getBean(Outcome.class).get();
			if (result == null) {
				throw new IllegalStateException("Flyway did not run: spring.flyway.enabled (SPRING_FLYWAY_ENABLED) "
						+ "must not be false for the migration");
			}
			log.info("Database schema is at version {} ({} migration(s) applied now)",
					(result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion,
					result.migrationsExecuted);
			return 0;
		}
		catch (RuntimeException ex) {
			System.err.println("Database migration failed: " + rootMessage(ex));
			return FAILED;
		}
	}

	/**
	 * The embedded development database is the server's alone: without a URL there is
	 * nothing to migrate, and Spring's fallback (an in-memory database) would hide that.
	 */
	private static void requireDatabase(Environment environment) {
		if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))
				&& !StringUtils.hasText(environment.getProperty("spring.flyway.url"))) {
			throw new IllegalStateException(
					"SPRING_DATASOURCE_URL is not set: the migration needs the PostgreSQL database to migrate");
		}
		if (!StringUtils.hasText(environment.getProperty("spring.flyway.user"))
				&& !StringUtils.hasText(environment.getProperty("spring.datasource.username"))) {
			throw new IllegalStateException(
					"SPRING_FLYWAY_USER is not set: the migration runs as the schema's owner role (db/README.md)");
		}
	}

	private static String rootMessage(Throwable failure) {
		Throwable cause = failure;
		String message = failure.getMessage();
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message.strip() : cause.getClass().getName();
	}

	@Bean
	Outcome databaseMigrationOutcome() {
		return new Outcome();
	}

	/** Migrates when the context starts and keeps the result for {@link #run}. */
	@Bean
	FlywayMigrationStrategy databaseMigrationStrategy(Outcome outcome) {
		return (flyway) -> outcome.set(flyway.migrate());
	}

	/** What Flyway's migrate returned, null until it ran. */
	static final class Outcome extends AtomicReference<MigrateResult> {

	}

}
