package dev.tessera.auth.config;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * The real management port (health) opens with the web server, after the application
 * context is ready; while a node waits here, a {@link StartupHealthResponder} answers the
 * probes on that port (when it is a fixed number): liveness UP, readiness and health
 * DOWN, so an orchestrator neither restarts a waiting node nor sends it traffic. A
 * shutdown (SIGTERM) during the wait ends it at once: the wait sleeps inside the
 * context's refresh, which Spring's own shutdown hook would wait for. A JDBC URL that no
 * driver accepts fails at once, without its parameters in the message.
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

	private String managementAddress;

	private Integer managementPort;

	/** Counted down by a shutdown during the wait, which then ends. */
	private final CountDownLatch shutdown = new CountDownLatch(1);

	@Override
	public void setEnvironment(Environment environment) {
		Binder binder = Binder.get(environment);
		this.managementAddress = binder.bind("management.server.address", String.class).orElse(null);
		this.managementPort = binder.bind("management.server.port", Integer.class).orElse(null);
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

	void waitFor(HikariDataSource pool) {
		String where = withoutParameters(pool.getJdbcUrl());
		if (pool.getJdbcUrl() != null && !hasDriverFor(pool.getJdbcUrl())) {
			throw new IllegalStateException("No JDBC driver accepts the database URL " + where
					+ " (its parameters not shown): check spring.datasource.url (SPRING_DATASOURCE_URL)");
		}
		Thread waiting = Thread.currentThread();
		Thread hook = new Thread(() -> {
			this.shutdown.countDown();
			waiting.interrupt();
		}, "tessera-database-wait-shutdown");
		boolean hooked = addShutdownHook(hook);
		StartupHealthResponder probes = null;
		try {
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
				if (this.shutdown.getCount() == 0) {
					throw shutDown(where, pool, waited, failure);
				}
				if (waited.compareTo(this.startupTimeout) >= 0) {
					throw new DatabaseUnreachableException(where, pool.getUsername(), waited, this.startupTimeout,
							reason(failure, pool.getJdbcUrl()));
				}
				if (probes == null) {
					probes = StartupHealthResponder.start(this.managementAddress, this.managementPort);
				}
				Duration left = this.startupTimeout.minus(waited);
				Duration sleep = (pause.compareTo(left) > 0) ? left : pause;
				log.warn(
						"Waiting for the database at {} (role {}): {}; waited {} s of tessera.database.startup-timeout "
								+ "{} s, next attempt in {} s. Meanwhile the management port answers liveness UP, "
								+ "readiness DOWN.",
						where, pool.getUsername(), reason(failure, pool.getJdbcUrl()), waited.toSeconds(),
						this.startupTimeout.toSeconds(), Math.max(1, Math.round(sleep.toMillis() / 1000.0)));
				try {
					if (this.shutdown.await(sleep.toMillis(), TimeUnit.MILLISECONDS)) {
						throw shutDown(where, pool, waited, failure);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw shutDown(where, pool, waited, failure);
				}
				pause = (pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0) ? LONGEST_PAUSE : pause.multipliedBy(2);
			}
		}
		finally {
			if (probes != null) {
				probes.close();
			}
			if (hooked) {
				removeShutdownHook(hook);
			}
		}
	}

	/** Ends the wait as a shutdown (SIGTERM) does. */
	void shutDownWhileWaiting() {
		this.shutdown.countDown();
	}

	private static IllegalStateException shutDown(String where, HikariDataSource pool, Duration waited,
			SQLException failure) {
		return new IllegalStateException(
				"Shut down while waiting for the database at " + where + " (role " + pool.getUsername() + ", waited "
						+ waited.toSeconds() + " s; last error: " + reason(failure, pool.getJdbcUrl()) + ")");
	}

	private static boolean addShutdownHook(Thread hook) {
		try {
			Runtime.getRuntime().addShutdownHook(hook);
			return true;
		}
		catch (IllegalStateException | SecurityException ex) {
			return false; // already shutting down
		}
	}

	private static void removeShutdownHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException | SecurityException ex) {
			// shutting down: the hook has run or runs now
		}
	}

	private static boolean hasDriverFor(String jdbcUrl) {
		try {
			DriverManager.getDriver(jdbcUrl);
			return true;
		}
		catch (SQLException ex) {
			return false;
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

	/**
	 * The driver's words, and the network's below them if any, with {@code jdbcUrl}
	 * replaced by its form without parameters (which may carry a password).
	 */
	static String reason(SQLException failure, String jdbcUrl) {
		Throwable cause = failure.getCause();
		String reason = (cause == null) ? failure.getMessage()
				: failure.getMessage() + " (" + cause.getClass().getSimpleName()
						+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "") + ")";
		if (reason != null && jdbcUrl != null && !jdbcUrl.isEmpty()) {
			reason = reason.replace(jdbcUrl, withoutParameters(jdbcUrl));
		}
		return reason;
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
