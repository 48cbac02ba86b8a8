package dev.tessera.auth.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
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
 * bootstrap or scheduler. It waits for a database that does not answer yet
 * ({@code spring.flyway.connect-retries}, 7 by default here: waits of 1 s doubling to 64
 * s, about two minutes), but only for that: a database that answers and refuses (a wrong
 * password, an unknown role or database) fails at once, where Flyway's own retries would
 * wait the two minutes for every such error. Exit status 0 when the schema is current
 * (applying nothing is success, so running it twice is harmless), 1 otherwise, with one
 * last line saying why: the outermost Flyway message (which names the failed script) and
 * the database's own message. Spring Boot's "Application run failed" stack trace is not
 * logged (it is at debug level on this class's logger).
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
		// the reason is this class's one line; the stack trace only at debug level
		application.setDefaultProperties(Map.of("spring.flyway.connect-retries", "7",
				"logging.level.org.springframework.boot.SpringApplication", "off"));
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
			log.debug("Database migration failed", ex);
			System.err.println("Database migration failed: " + reason(ex));
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

	/**
	 * One line: the outermost message that is not one of Spring's bean wrappers
	 * (Flyway's, naming the failed script, or this class's), then the deepest cause's
	 * (the database's) when the first does not already say it.
	 */
	static String reason(Throwable failure) {
		Throwable outer = failure;
		while (outer instanceof BeansException && outer.getCause() != null && outer.getCause() != outer) {
			outer = outer.getCause();
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String first = firstLine(outer);
		String deepest = oneLine(root);
		if (root == outer || deepest.isEmpty() || first.contains(deepest)) {
			return first;
		}
		return first + ": " + deepest;
	}

	private static String firstLine(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getName();
		}
		return message.strip().lines().findFirst().orElse("").strip();
	}

	private static String oneLine(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? message.strip().replaceAll("\\s+", " ") : failure.getClass().getName();
	}

	/**
	 * Waits for the database as Flyway's connect retries would, but only while it does
	 * not answer (SQL state class 08, connection exceptions, or 57P03, starting up): a
	 * database that answers with any other error (28P01, a wrong password) will not
	 * change its mind, so that fails at once.
	 */
	static void awaitDatabase(Configuration configuration) {
		DataSource dataSource = configuration.getDataSource();
		int retries = Math.max(0, configuration.getConnectRetries());
		long waitSeconds = 1;
		long maxWaitSeconds = Math.max(1, configuration.getConnectRetriesInterval());
		for (int attempt = 0;; attempt++) {
			try (Connection connection = dataSource.getConnection()) {
				return;
			}
			catch (SQLException ex) {
				if (!notAnswering(ex)) {
					throw new FlywayException(
							"The database refused the connection (SQL state " + ex.getSQLState() + ", not retried)",
							ex);
				}
				if (attempt >= retries) {
					throw new FlywayException("The database did not answer after " + retries + " retries", ex);
				}
				log.warn("The database does not answer yet (SQL state {}), retrying in {} s", ex.getSQLState(),
						waitSeconds);
				sleep(Duration.ofSeconds(waitSeconds));
				waitSeconds = Math.min(waitSeconds * 2, maxWaitSeconds);
			}
		}
	}

	private static boolean notAnswering(SQLException ex) {
		String state = ex.getSQLState();
		return state == null || state.startsWith("08") || state.equals("57P03");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the database", ex);
		}
	}

	@Bean
	Outcome databaseMigrationOutcome() {
		return new Outcome();
	}

	/**
	 * Waits for the database, migrates when the context starts and keeps the result for
	 * {@link #run}. Flyway's own connect retries then find a database that just answered.
	 */
	@Bean
	FlywayMigrationStrategy databaseMigrationStrategy(Outcome outcome) {
		return (flyway) -> {
			awaitDatabase(flyway.getConfiguration());
			outcome.set(flyway.migrate());
		};
	}

	/** What Flyway's migrate returned, null until it ran. */
	static final class Outcome extends AtomicReference<MigrateResult> {

	}

}
