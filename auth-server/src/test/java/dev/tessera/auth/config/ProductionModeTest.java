package dev.tessera.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.TesseraAuthServerApplication;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production mode refuses every development default, all named at once, before anything
 * starts.
 */
class ProductionModeTest {

	@TempDir
	Path dataDir;

	@Test
	void productionModeRefusesTheDevelopmentDefaults() throws Exception {
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run("--tessera.mode=production",
						"--server.port=0", "--management.server.port=0", "--tessera.data-dir=" + this.dataDir))
			.hasStackTraceContaining("Production mode refuses the development defaults")
			.hasStackTraceContaining("SPRING_DATASOURCE_URL")
			.hasStackTraceContaining("TESSERA_KEYS_ENCRYPTION_KEY")
			.hasStackTraceContaining("TESSERA_ISSUER");
		try (var files = Files.list(this.dataDir)) {
			assertThat(files).as("no embedded database, key or file was created").isEmpty();
		}
	}

	@Test
	void productionModeNamesOnlyWhatIsMissing() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run(
				"--tessera.mode=production", "--server.port=0", "--management.server.port=0",
				"--tessera.data-dir=" + this.dataDir, "--tessera.issuer=https://auth.example.test",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none"))
			.hasStackTraceContaining("TESSERA_KEYS_ENCRYPTION_KEY")
			.satisfies(ex -> assertThat(stackTrace(ex)).doesNotContain("SPRING_DATASOURCE_URL")
				.doesNotContain("is not an https URL"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PRODUCTION", "prod-uction", "Production" })
	void everySpellingThatBindsToProductionGetsTheProductionChecks(String mode) throws Exception {
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run("--tessera.mode=" + mode,
						"--server.port=0", "--management.server.port=0", "--tessera.data-dir=" + this.dataDir))
			.hasStackTraceContaining("Production mode refuses the development defaults");
		try (var files = Files.list(this.dataDir)) {
			assertThat(files).as("no embedded database, key or file was created").isEmpty();
		}
	}

	@Test
	void anUnknownModeStopsTheStartBeforeAnythingIsCreated() throws Exception {
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run("--tessera.mode=staging",
						"--server.port=0", "--management.server.port=0", "--tessera.data-dir=" + this.dataDir))
			.hasStackTraceContaining("Unknown TESSERA_MODE 'staging'");
		try (var files = Files.list(this.dataDir)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void aKekFileOthersCanReadStopsAProductionStart() throws Exception {
		Path kek = this.dataDir.resolve("kek");
		Files.writeString(kek, java.util.Base64.getEncoder().encodeToString(new byte[32]));
		Files.setPosixFilePermissions(kek, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		String[] args = { "--tessera.mode=production", "--server.port=0", "--management.server.port=0",
				"--tessera.data-dir=" + this.dataDir, "--tessera.issuer=https://auth.example.test",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
				"--tessera.keys.encryption-key-file=" + kek };
		assertThatThrownBy(() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run(args))
			.hasStackTraceContaining("the key-encryption key file " + kek + " grants rights to other users")
			.hasStackTraceContaining("others_read");

		Files.setPosixFilePermissions(kek, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
		assertThat(ProductionChecks.exposure(kek)).contains("group_read").doesNotContain("others");
		Files.setPosixFilePermissions(kek, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertThat(ProductionChecks.exposure(kek)).isNull();
	}

	/**
	 * A server that runs as the schema owner could drop the audit triggers: in production
	 * that stops the start (development only warns); the same database run as a member of
	 * tessera_runtime starts.
	 */
	@Test
	void productionModeRefusesADatabaseRoleThatCanRewriteTheAuditTrail() {
		TestDatabase database = TestDatabase.get();
		String url = database.createDatabase();
		byte[] kek = new byte[32];
		new java.security.SecureRandom().nextBytes(kek);
		java.util.List<String> args = new java.util.ArrayList<>(
				java.util.List.of("--tessera.mode=production", "--server.port=0", "--management.server.port=0",
						"--tessera.data-dir=" + this.dataDir, "--tessera.issuer=https://auth.example.test",
						"--tessera.keys.encryption-key=" + java.util.Base64.getEncoder().encodeToString(kek),
						"--spring.datasource.url=" + url, "--management.server.address=127.0.0.1",
						"--spring.flyway.user=" + database.ownerUsername(),
						"--spring.flyway.password=" + database.ownerPassword()));
		java.util.List<String> asOwner = new java.util.ArrayList<>(args);
		asOwner.add("--spring.datasource.username=" + database.ownerUsername());
		asOwner.add("--spring.datasource.password=" + database.ownerPassword());
		assertThatThrownBy(() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class)
			.run(asOwner.toArray(String[]::new))
			.close())
			.hasStackTraceContaining(
					"Production mode refuses to run as a database role that can rewrite the audit trail")
			.hasStackTraceContaining("role '" + database.ownerUsername() + "' owns audit_event")
			.hasStackTraceContaining("SPRING_FLYWAY_USER")
			.hasStackTraceContaining("tessera_runtime")
			.hasStackTraceContaining("db/README.md");

		java.util.List<String> asRuntime = new java.util.ArrayList<>(args);
		asRuntime.add("--spring.datasource.username=" + database.runtimeUsername());
		asRuntime.add("--spring.datasource.password=" + database.runtimePassword());
		try (var context = new SpringApplicationBuilder(TesseraAuthServerApplication.class)
			.run(asRuntime.toArray(String[]::new))) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

}
