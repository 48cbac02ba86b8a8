package dev.tessera.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the migration Job's entry point on a real PostgreSQL: {@link DatabaseMigration}
 * applies every migration as the owner role, with its password read from the config tree
 * as a Kubernetes secret volume provides it, starts nothing of the server (no signing key
 * is created, no web server), exits 0, and 0 again when there is nothing left to apply; a
 * wrong owner password or no database URL exits 1 with one line saying why. A server then
 * starts on that schema with Flyway off, as the runtime role without the owner's
 * credentials (the audit privilege check passes), and issues a token.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseMigrationTest {

	private final TestDatabase database = TestDatabase.get();

	@Test
	void appliesTheSchemaAsTheOwnerExitsAndAServerStartsOnItWithFlywayOff(@TempDir Path secrets, CapturedOutput output)
			throws Exception {
		String url = this.database.createDatabase();
		Files.writeString(secrets.resolve("spring.flyway.password"), this.database.ownerPassword() + "\n");
		String[] args = { "--spring.datasource.url=" + url, "--spring.flyway.user=" + this.database.ownerUsername(),
				"--TESSERA_SECRETS_DIR=" + secrets + "/" };

		assertThat(DatabaseMigration.run(args)).isZero();

		JdbcTemplate jdbc = this.database.superuserJdbc(url);
		int migrations = countMigrationFiles();
		assertThat(jdbc.queryForObject(
				"select count(*) from flyway_schema_history where success and version is not null", Integer.class))
			.isEqualTo(migrations);
		assertThat(
				jdbc.queryForObject("select tableowner from pg_tables where tablename = 'audit_event'", String.class))
			.isEqualTo(this.database.ownerUsername());
		// only the schema: no key bootstrap, no server secret, no listening server
		assertThat(jdbc.queryForObject("select count(*) from signing_key", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("select count(*) from server_secret", Integer.class)).isZero();
		assertThat(output.getOut()).contains("Database schema is at version")
			.doesNotContain("Tomcat started")
			.doesNotContain(this.database.ownerPassword());

		// nothing left to apply: success again, so a re-created Job is harmless
		assertThat(DatabaseMigration.run(args)).isZero();
		assertThat(output.getOut()).contains("(0 migration(s) applied now)");

		try (Node node = Node.start(url, "--spring.flyway.enabled=false")) {
			Http.Response discovery = node.http().get("/.well-known/openid-configuration");
			assertThat(discovery.status()).isEqualTo(200);
			assertThat(jdbc.queryForObject("select count(*) from signing_key", Integer.class)).isPositive();
		}
	}

	@Test
	void anOwnerTheDatabaseRefusesExitsOneSayingWhy(CapturedOutput output) {
		// a role that does not exist (the embedded PostgreSQL trusts local passwords)
		String url = this.database.createDatabase();
		int status = DatabaseMigration.run("--spring.datasource.url=" + url,
				"--spring.flyway.user=tessera_no_such_owner", "--spring.flyway.connect-retries=0");
		assertThat(status).isEqualTo(DatabaseMigration.FAILED);
		assertThat(output.getErr()).contains("Database migration failed: ").contains("tessera_no_such_owner");
	}

	@Test
	void noDatabaseUrlExitsOneInsteadOfMigratingSomethingElse(CapturedOutput output) {
		assertThat(DatabaseMigration.run("--spring.flyway.user=" + this.database.ownerUsername()))
			.isEqualTo(DatabaseMigration.FAILED);
		assertThat(output.getErr()).contains("Database migration failed: SPRING_DATASOURCE_URL is not set");
	}

	private static int countMigrationFiles() throws Exception {
		var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
		return resolver.getResources("classpath:db/migration/V*__*.sql").length;
	}

}
