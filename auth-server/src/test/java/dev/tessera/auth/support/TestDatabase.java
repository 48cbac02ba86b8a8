package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL the tests run on: the server named by {@code TESSERA_TEST_DB_URL} (with
 * {@code TESSERA_TEST_DB_USERNAME/PASSWORD}, a superuser), or else one embedded
 * PostgreSQL 17 per test JVM, started on first use. Every Spring context gets a database
 * of its own, created fresh, so runs and contexts never see each other's rows.
 * <p>
 * The tests run as production should (db/README.md): Flyway as an owner role, the server
 * as a runtime role that is a member of {@code tessera_runtime}. Both login roles are
 * created once per server (roles are cluster-wide, so "if absent"), and each database is
 * owned by the owner role (PostgreSQL 15+ lets only the database owner create in schema
 * {@code public}). The superuser ({@link #username()}) is for tests that play an attacker
 * holding the database's keys.
 */
public final class TestDatabase {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

	private static volatile TestDatabase instance;

	private final String adminUrl;

	private final String username;

	private final String password;

	/** Runs Flyway: owns every table. */
	public static final String OWNER = "tessera_test_owner";

	/** Runs the server: a member of {@code tessera_runtime}. */
	public static final String RUNTIME = "tessera_test_app";

	private static final String OWNER_PASSWORD = "tessera-test-owner";

	private static final String RUNTIME_PASSWORD = "tessera-test-app";

	private TestDatabase(String adminUrl, String username, String password) {
		this.adminUrl = adminUrl;
		this.username = username;
		this.password = password;
		// not the superuser's password: it is supplied from outside
		// (TESSERA_TEST_DB_PASSWORD,
		// often a word like "postgres" that is in every JDBC URL line) and Tessera never
		// handles it; the roles' passwords are what the servers are configured with
		LoggedSecrets.record(OWNER_PASSWORD);
		LoggedSecrets.record(RUNTIME_PASSWORD);
		createRoles();
	}

	private void createRoles() {
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			createRoleIfAbsent(statement, "tessera_runtime", "nologin");
			createRoleIfAbsent(statement, OWNER, "login password '" + OWNER_PASSWORD + "'");
			createRoleIfAbsent(statement, RUNTIME, "login password '" + RUNTIME_PASSWORD + "'");
			statement.execute("grant tessera_runtime to " + RUNTIME);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the test database roles", ex);
		}
	}

	private static void createRoleIfAbsent(Statement statement, String role, String options) throws SQLException {
		statement.execute(
				"do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role + "') then create role "
						+ role + " " + options + "; end if; " + "exception when duplicate_object then null; end $$");
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
			statement.execute("create database " + name + " owner " + OWNER);
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
		// without the admin's user/password parameters: they would override the roles'
		// own
		String params = (query < 0) ? ""
				: Arrays.stream(this.adminUrl.substring(query + 1).split("&"))
					.filter(p -> !p.startsWith("user=") && !p.startsWith("password="))
					.collect(Collectors.joining("&"));
		params = params.isEmpty() ? "" : "?" + params;
		return this.adminUrl.substring(0, slash + 1) + database + params;
	}

	/** The superuser: only for tests that play an attacker with the database's keys. */
	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	public String ownerUsername() {
		return OWNER;
	}

	public String ownerPassword() {
		return OWNER_PASSWORD;
	}

	public String runtimeUsername() {
		return RUNTIME;
	}

	public String runtimePassword() {
		return RUNTIME_PASSWORD;
	}

	/**
	 * The Spring properties that connect a server to {@code databaseUrl} as production
	 * would.
	 */
	public Map<String, Object> serverProperties(String databaseUrl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", databaseUrl);
		properties.put("spring.datasource.username", RUNTIME);
		properties.put("spring.datasource.password", RUNTIME_PASSWORD);
		properties.put("spring.flyway.user", OWNER);
		properties.put("spring.flyway.password", OWNER_PASSWORD);
		return properties;
	}

	/**
	 * Statements as the superuser on one test database (a new connection each, not the
	 * server's pool).
	 */
	public JdbcTemplate superuserJdbc(String databaseUrl) {
		return new JdbcTemplate(new DriverManagerDataSource(databaseUrl, this.username, this.password));
	}

	/** A connection as the superuser to one test database (close it). */
	public Connection superuserConnection(String databaseUrl) throws SQLException {
		return DriverManager.getConnection(databaseUrl, this.username, this.password);
	}

}
