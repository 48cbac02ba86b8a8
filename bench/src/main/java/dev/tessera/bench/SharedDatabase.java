package dev.tessera.bench;

import java.io.IOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one PostgreSQL that several Tessera nodes share in a scale-out run, started in the
 * benchmark's JVM from the same embedded binaries, with the same durability settings as
 * Tessera's own development database ({@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on) so one node and many pay the same for a commit.
 */
final class SharedDatabase implements AutoCloseable {

	static final String USER = "postgres";

	private final EmbeddedPostgres postgres;

	private SharedDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static SharedDatabase start(Path dataDir) {
		try {
			return new SharedDatabase(
					durable(EmbeddedPostgres.builder().setDataDirectory(dataDir)).setCleanDataDirectory(true)
						.setRegisterShutdownHook(false)
						.start());
		}
		catch (IOException ex) {
			throw new BenchmarkException("could not start the shared PostgreSQL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The settings Tessera's development database uses (see its
	 * {@code EmbeddedPostgresConfiguration}).
	 */
	static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
		return builder.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on");
	}

	String jdbcUrl() {
		return this.postgres.getJdbcUrl(USER, "postgres");
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

	@Override
	public String toString() {
		return "the shared PostgreSQL on port " + this.postgres.getPort();
	}

}
