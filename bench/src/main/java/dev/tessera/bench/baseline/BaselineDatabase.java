package dev.tessera.bench.baseline;

import java.io.IOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The baseline's own embedded PostgreSQL 17, wired the way Tessera wires its development
 * database (a {@link JdbcConnectionDetails} bean, closed by the context, the same
 * {@code fsync}/{@code synchronous_commit}/{@code full_page_writes} settings), so both
 * servers pay the same for a commit.
 */
@Configuration(proxyBeanMethods = false)
class BaselineDatabase {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(@Value("${bench.data-dir}") Path dataDir) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(true)
			.setRegisterShutdownHook(false)
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.start();
	}

	@Bean
	JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres) {
		String url = postgres.getJdbcUrl("postgres", "postgres");
		return new JdbcConnectionDetails() {
			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return null;
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}
		};
	}

}
