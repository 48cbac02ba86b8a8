package dev.tessera.auth.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes on the management port: readiness covers what issuing a token needs (the
 * database, the signing key, the audit writer) and goes DOWN while PostgreSQL is cut off,
 * UP again when it returns; liveness does not look at the database, so an outage never
 * gets a pod restarted.
 */
class HealthGroupsTest {

	@Test
	void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500")) {
			Http management = new Http(
					"http://localhost:" + node.bean(Environment.class).getProperty("local.management.port"));
			Http.Response ready = management.get("/actuator/health/readiness");
			assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
			assertThat(ready.json()).containsEntry("status", "UP");
			assertThat(components(ready)).containsKeys("db", "signingKey", "auditWriter", "readinessState");
			Http.Response live = management.get("/actuator/health/liveness");
			assertThat(live.json()).containsEntry("status", "UP");
			assertThat(components(live)).containsOnlyKeys("livenessState");

			proxy.cut();
			Http.Response notReady = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = management.get("/actuator/health/readiness");
				return (response.status() == 503) ? response : null;
			});
			assertThat(notReady.json()).containsEntry("status", "DOWN");
			assertThat(components(notReady).get("db")).isEqualTo(Map.of("status", "DOWN"));
			Http.Response stillLive = management.get("/actuator/health/liveness");
			assertThat(stillLive.status()).as(stillLive.toString()).isEqualTo(200);
			assertThat(stillLive.json()).containsEntry("status", "UP");

			proxy.restore();
			Http.Response readyAgain = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = management.get("/actuator/health/readiness");
				return (response.status() == 200) ? response : null;
			});
			assertThat(readyAgain.json()).containsEntry("status", "UP");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> components(Http.Response health) {
		return (Map<String, Object>) health.json().get("components");
	}

}
