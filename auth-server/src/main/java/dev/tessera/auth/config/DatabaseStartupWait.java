package dev.tessera.auth.config;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Makes a node that starts before its database wait for it instead of failing in the
 * first bean that connects (Flyway, then a crash loop without explanation): the server's
 * {@code DataSource} is handed to anyone only once PostgreSQL has answered a connection.
 * Until then it tries again with a growing pause (1 s doubling to 10 s), logging each
 * time what it waits for (the JDBC URL without its parameters, the role), why, how long
 * it has waited and when it tries next. Only a connection failure (SQLState class
 * {@code 08}, a server still starting, too many connections) is waited out: a wrong
 * password or a missing database fails at once, as waiting would not change it. After
 * {@code tessera.database.startup-timeout} (5 minutes by default) it gives up with
 * {@link DatabaseUnreachableException} (exit status
 * {@value DatabaseUnreachableException#EXIT_STATUS}), which says what to check.
 * <p>
 * The management port (health) opens with the web server, after the application context
 * is ready, so while a node waits here there is no health endpoint to ask: an
 * orchestrator sees the port closed (not ready), and the log says why.
 * <p>
 * It also bounds every answer on the server's pool: pgjdbc's {@code socketTimeout} is set
 * to {@code tessera.database.socket-timeout} (60 s by default) unless the pool's
 * {@code data-source-properties} set it, so a frozen database (connection open, no
 * answer) frees each thread after that time. Flyway connecting as its own role gets its
 * own connection without that limit; work that may legitimately take longer on the pool
 * (audit retention) lifts it on its connection.
 */
public class DatabaseStartupWait implements BeanPostProcessor, EnvironmentAware {

	private static final Logger log = LoggerFactory.getLogger(DatabaseStartupWait.class);

	private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

	private Duration startupTimeout = Duration.ofMinutes(5);

	private Duration socketTimeout = Duration.ofSeconds(60);

	@Override
	public void setEnvironment(Environment environment) {
		Binder binder = Binder.get(environment);
		this.startupTimeout = binder.bind("tessera.database.startup-timeout", Duration.class)
			.orElse(this.startupTimeout);
		this.socketTimeout = binder.bind("tessera.database.socket-timeout", Duration.class).orElse(this.socketTimeout);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
			boundAnswers(pool);
			waitFor(pool);
		}
		return bean;
	}

	private void boundAnswers(HikariDataSource pool) {
		if (!this.socketTimeout.isZero() && !pool.getDataSourceProperties().containsKey("socketTimeout")) {
			pool.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, this.socketTimeout.toSeconds())));
		}
	}

	private void waitFor(HikariDataSource pool) {
		String where = withoutParameters(pool.getJdbcUrl());
		Instant start = Instant.now();
		Duration pause = FIRST_PAUSE;
		int attempt = 0;
		while (true) {
			attempt++;
			SQLException failure = tryConnect(pool);
			if (failure == null) {
				if (attempt > 1) {
					log.info("Database at {} answered after {} s ({} attempts); starting", where,
							Duration.between(start, Instant.now()).toSeconds(), attempt);
				}
				return;
			}
			if (!isWorthWaitingFor(failure)) {
				return; // the pool's first user fails with the real error, as before
			}
			Duration waited = Duration.between(start, Instant.now());
			if (waited.compareTo(this.startupTimeout) >= 0) {
				throw new DatabaseUnreachableException(where, pool.getUsername(), waited, this.startupTimeout, failure);
			}
			Duration left = this.startupTimeout.minus(waited);
			Duration sleep = (pause.compareTo(left) > 0) ? left : pause;
			log.warn(
					"Waiting for the database at {} (role {}): {}; waited {} s of tessera.database.startup-timeout "
							+ "{} s, next attempt in {} s. The management port (health) opens once it answers.",
					where, pool.getUsername(), reason(failure), waited.toSeconds(), this.startupTimeout.toSeconds(),
					Math.max(1, Math.round(sleep.toMillis() / 1000.0)));
			try {
				Thread.sleep(sleep.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DatabaseUnreachableException(where, pool.getUsername(), waited, this.startupTimeout, failure);
			}
			pause = (pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0) ? LONGEST_PAUSE : pause.multipliedBy(2);
		}
	}

	/**
	 * One connection as the pool would open it, outside the pool (whose failed start
	 * would log a stack trace per attempt); null when it answered.
	 */
	private static SQLException tryConnect(HikariDataSource pool) {
		if (pool.getJdbcUrl() == null) {
			return null; // not a URL-configured pool: nothing to wait for here
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		long seconds = Math.max(1, Duration.ofMillis(pool.getConnectionTimeout()).toSeconds());
		properties.putIfAbsent("connectTimeout", Long.toString(seconds));
		properties.putIfAbsent("loginTimeout", Long.toString(seconds));
		try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), properties)) {
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	/**
	 * Connection failures and a server not ready yet; not credentials or a missing
	 * database.
	 */
	static boolean isWorthWaitingFor(SQLException failure) {
		String state = failure.getSQLState();
		if (state == null) {
			return failure.getCause() instanceof IOException;
		}
		return state.startsWith("08") || state.equals("57P03") || state.equals("53300");
	}

	/** The driver's words, and the network's below them if any. */
	static String reason(SQLException failure) {
		Throwable cause = failure.getCause();
		if (cause == null) {
			return failure.getMessage();
		}
		return failure.getMessage() + " (" + cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "") + ")";
	}

	/** The URL up to its parameters, which may carry credentials. */
	static String withoutParameters(String jdbcUrl) {
		if (jdbcUrl == null) {
			return "(no URL)";
		}
		int query = jdbcUrl.indexOf('?');
		return (query < 0) ? jdbcUrl : jdbcUrl.substring(0, query);
	}

}
