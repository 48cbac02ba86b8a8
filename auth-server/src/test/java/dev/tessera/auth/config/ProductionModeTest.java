package dev.tessera.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.TesseraAuthServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Production mode refuses every development default, all named at once, before anything starts. */
class ProductionModeTest {

	@TempDir
	Path dataDir;

	@Test
	void productionModeRefusesTheDevelopmentDefaults() throws Exception {
		assertThatThrownBy(() -> new SpringApplicationBuilder(TesseraAuthServerApplication.class).run(
				"--tessera.mode=production", "--server.port=0", "--management.server.port=0",
				"--tessera.data-dir=" + this.dataDir))
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

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

}
