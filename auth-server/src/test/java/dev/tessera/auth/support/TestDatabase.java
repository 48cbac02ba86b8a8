package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL the tests run on: the server named by {@code TESSERA_TEST_DB_URL}
 * (with {@code TESSERA_TEST_DB_USERNAME/PASSWORD}), or else one embedded PostgreSQL 17
 * per test JVM, started on first use. Every Spring context gets a database of its own,
 * created fresh, so runs and contexts never see each other's rows.
 */
public final class TestDatabase {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

	private static volatile TestDatabase instance;

	private final String adminUrl;

	private final String username;

	private final String password;

	private TestDatabase(String adminUrl, String username, String password) {
		this.adminUrl = adminUrl;
		this.username = username;
		this.password = password;
	}

	public static TestDatabase get() {
		if (instance == null) {
			synchronized (TestDatabase.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	private static TestDatabase start() {
		String external = System.getenv("TESSERA_TEST_DB_URL");
		if (external != null && !external.isBlank()) {
			return new TestDatabase(external, System.getenv("TESSERA_TEST_DB_USERNAME"),
					System.getenv("TESSERA_TEST_DB_PASSWORD"));
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
			return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL for tests", ex);
		}
	}

	/** Creates an empty database and returns its JDBC URL. */
	public String createDatabase() {
		String name = "tessera_test_" + RUN + "_" + COUNTER.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return urlFor(name);
	}

	private String urlFor(String database) {
		// jdbc:postgresql://host:port/db?params -> same server, other database
		int slash = this.adminUrl.indexOf('/', "jdbc:postgresql://".length());
		int query = this.adminUrl.indexOf('?', slash);
		String params = (query >= 0) ? this.adminUrl.substring(query) : "";
		return this.adminUrl.substring(0, slash + 1) + database + params;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

}
