package dev.tessera.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.encryption.KeyEncryptionKey;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the migration Job's entry point on a real PostgreSQL: {@link DatabaseMigration}
 * applies every migration as the owner role, whose name and password it reads from the
 * config tree as a Kubernetes secret volume provides them, starts nothing of the server
 * (no signing key, no server secret, no web server), exits 0, and 0 again when there is
 * nothing left to apply; an owner role the database refuses (at once, not after the
 * retries meant for a database that does not answer), a failing script (named, with the
 * database's message) or no database URL exits 1 with a last line saying why and no stack
 * trace; in production mode ({@code TESSERA_MODE=production}, as the image sets it) it
 * runs with only the owner's credentials, since the server's production checks (KEK,
 * https issuer, management credentials) are not the migration's. A server then starts on
 * that schema with Flyway off, as the runtime role (the audit privilege check passes),
 * with its KEK read from a config-tree file ({@code tessera.keys.encryption-key}, as the
 * Deployment mounts it), and serves discovery with a signing key created.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseMigrationTest {

	private final TestDatabase database = TestDatabase.get();

	@Test
	void appliesTheSchemaAsTheOwnerExitsAndAServerStartsOnItWithFlywayOff(@TempDir Path secrets, CapturedOutput output)
			throws Exception {
		String url = this.database.createDatabase();
		// the owner's name and password as the Job's secret volume gives them: files in
		// the
		// config tree (the table then being the owner's proves the tree was read)
		Files.writeString(secrets.resolve("spring.flyway.user"), this.database.ownerUsername() + "\n");
		Files.writeString(secrets.resolve("spring.flyway.password"), this.database.ownerPassword() + "\n");
		String[] args = { "--spring.datasource.url=" + url, "--TESSERA_SECRETS_DIR=" + secrets + "/" };

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

		// the server's own tree, as its Deployment projects it: the KEK as a property
		// file
		Path serverSecrets = Files.createDirectory(secrets.resolve("server"));
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		Files.writeString(serverSecrets.resolve("tessera.keys.encryption-key"),
				Base64.getEncoder().encodeToString(kek) + "\n");
		try (Node node = Node.start(url, "--spring.flyway.enabled=false",
				"--TESSERA_SECRETS_DIR=" + serverSecrets + "/")) {
			Http.Response discovery = node.http().get("/.well-known/openid-configuration");
			assertThat(discovery.status()).isEqualTo(200);
			// the KEK from the config tree, not a generated development key
			assertThat(node.bean(KeyEncryptionKey.class).source()).isEqualTo("TESSERA_KEYS_ENCRYPTION_KEY");
			assertThat(jdbc.queryForObject("select count(*) from signing_key", Integer.class)).isPositive();
		}
	}

	@Test
	void runsInProductionModeWithOnlyTheOwnersCredentials(@TempDir Path secrets, CapturedOutput output)
			throws Exception {
		// the image sets TESSERA_MODE=production; the Job mounts the owner's password and
		// nothing of the server's (no KEK, no https issuer, no management credentials):
		// the server's production checks are not the migration's
		String url = this.database.createDatabase();
		Files.writeString(secrets.resolve("spring.flyway.password"), this.database.ownerPassword() + "\n");
		int status = DatabaseMigration.run("--TESSERA_MODE=production", "--spring.datasource.url=" + url,
				"--spring.flyway.user=" + this.database.ownerUsername(), "--TESSERA_SECRETS_DIR=" + secrets + "/");
		assertThat(status).as(output.getErr()).isZero();
		assertThat(output.getOut()).contains("Database schema is at version").doesNotContain("Production mode refuses");
		assertThat(this.database.superuserJdbc(url)
			.queryForObject("select count(*) from flyway_schema_history where success and version is not null",
					Integer.class))
			.isEqualTo(countMigrationFiles());
	}

	@Test
	void anOwnerTheDatabaseRefusesExitsOneAtOnceSayingWhy(CapturedOutput output) {
		// a role that does not exist (the embedded PostgreSQL trusts local passwords);
		// the default connect retries (about two minutes) are for a database that does
		// not answer, not for one that refuses
		String url = this.database.createDatabase();
		long start = System.nanoTime();
		int status = DatabaseMigration.run("--spring.datasource.url=" + url,
				"--spring.flyway.user=tessera_no_such_owner");
		assertThat(status).isEqualTo(DatabaseMigration.FAILED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(lastLine(output.getErr())).startsWith("Database migration failed: ")
			.contains("not retried")
			.contains("tessera_no_such_owner");
		assertThat(output.getAll()).doesNotContain("Application run failed").doesNotContain("\tat ");
	}

	@Test
	void aFailedScriptIsNamedInTheLastLineWithTheDatabasesMessage(@TempDir Path migrations, CapturedOutput output)
			throws Exception {
		String url = this.database.createDatabase();
		Files.writeString(migrations.resolve("V1__broken.sql"), "select * from no_such_table;\n");
		int status = DatabaseMigration.run("--spring.datasource.url=" + url,
				"--spring.flyway.user=" + this.database.ownerUsername(),
				"--spring.flyway.password=" + this.database.ownerPassword(),
				"--spring.flyway.locations=filesystem:" + migrations);
		assertThat(status).isEqualTo(DatabaseMigration.FAILED);
		assertThat(lastLine(output.getErr())).startsWith("Database migration failed: ")
			.contains("V1__broken.sql")
			.contains("no_such_table");
		assertThat(output.getAll()).doesNotContain("Application run failed");
	}

	private static String lastLine(String text) {
		List<String> lines = text.strip().lines().toList();
		return lines.get(lines.size() - 1);
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
