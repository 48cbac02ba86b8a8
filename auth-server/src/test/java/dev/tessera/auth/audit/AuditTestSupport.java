package dev.tessera.auth.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Ci;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TestDatabase;
import dev.tessera.auth.web.RequestContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the audit tests: admin tokens, events with a chosen correlation id. */
public final class AuditTestSupport {

	private AuditTestSupport() {
	}

	/** An admin API caller whose token carries exactly {@code scopes}. */
	public static AdminApi caller(String issuer, ClientRegistrar registrar, String... scopes) {
		IssuedSecret client = registrar.register(ClientDraft.clientCredentials(null, "audit-test",
				Set.copyOf(Arrays.asList(scopes)), Set.of(), Set.of(issuer)));
		Http.Response response = new Http(issuer).postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", String.join(" ", scopes)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new AdminApi(issuer, (String) response.json().get("access_token"));
	}

	/**
	 * Records an event as if a request with this correlation id and address had made it.
	 */
	public static UUID record(AuditTrail trail, JdbcTemplate jdbc, String correlationId, String sourceIp,
			String operation, AuditOutcome outcome, AuditTrail.Actor actor, Map<String, Object> detail,
			String payloadRef) {
		RequestContext.set(new RequestContext(correlationId, sourceIp));
		try {
			trail.recordAndWait(operation, outcome, actor, detail, payloadRef);
		}
		finally {
			RequestContext.clear();
		}
		return jdbc.queryForObject("select id from audit_event where correlation_id = ? and operation = ?", UUID.class,
				correlationId, operation);
	}

	/**
	 * The tampering tests rewrite rows behind the triggers' back, which takes a superuser
	 * (the server itself runs as a runtime role that cannot).
	 */
	public static void assumeSuperuser(String databaseUrl) throws SQLException {
		TestDatabase database = TestDatabase.get();
		try (Connection connection = database.superuserConnection(databaseUrl);
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
			Ci.require(rows.next() && rows.getBoolean(1), "the test database admin user is not a superuser");
		}
	}

	/**
	 * Runs one statement as a superuser skipping triggers (an attacker with the
	 * database's keys), on a connection of its own, not the pool's.
	 * @return the rows it changed
	 */
	public static int asSuperuser(String databaseUrl, String sql, Object... parameters) throws SQLException {
		TestDatabase database = TestDatabase.get();
		try (Connection connection = database.superuserConnection(databaseUrl)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("set session_replication_role = replica");
			}
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				return statement.executeUpdate();
			}
		}
	}

	/** Short, unique, safe in every column and query string. */
	public static String tag() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> events(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new ArrayList<>((List<Map<String, Object>>) (List<?>) response.json().get("events"));
	}

	public static List<String> ids(Http.Response response) {
		return events(response).stream().map(e -> (String) e.get("id")).toList();
	}

}
