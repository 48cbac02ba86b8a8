package dev.tessera.bench.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Spring Authorization Server's own tables, from the schema files in its jar, adapted for
 * PostgreSQL as their header asks ({@code blob} to {@code text}, {@code timestamp} to
 * {@code timestamptz}). Created before the JDBC services are: they read the column types
 * once, when constructed, as they would from an existing database.
 */
final class BaselineSchema {

	private static final String[] SCHEMAS = {
			"org/springframework/security/oauth2/server/authorization/client/oauth2-registered-client-schema.sql",
			"org/springframework/security/oauth2/server/authorization/oauth2-authorization-schema.sql" };

	BaselineSchema(JdbcOperations jdbc) {
		for (String schema : SCHEMAS) {
			jdbc.execute(forPostgres(read(schema)));
		}
	}

	/** The adaptation the schema files ask for on PostgreSQL; comments are dropped. */
	static String forPostgres(String sql) {
		return sql.replaceAll("(?s)/\\*.*?\\*/", "")
			.replaceAll("\\bblob\\b", "text")
			.replaceAll("\\btimestamp\\b", "timestamptz");
	}

	private static String read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Spring Authorization Server's schema " + resource + " is missing", ex);
		}
	}

}
