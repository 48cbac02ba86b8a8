package dev.tessera.auth.web;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.PrometheusScrape;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes on the management port: readiness covers what only this node can lack (its
 * signing key, its audit writer), not the shared database, so a database outage keeps
 * every node in the load balancer answering {@code 503 temporarily_unavailable} (and
 * JWKS) instead of leaving clients with connection refused; the overall health shows the
 * database DOWN. Liveness does not look at the database, so an outage never gets a pod
 * restarted. The outage's 503 answers are in the token metrics as refusals.
 */
class HealthGroupsTest {

	@Test
	void aDatabaseOutageShowsInOverallHealthButNotInReadinessOrLiveness() throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500")) {
			String managementUrl = "http://localhost:"
					+ node.bean(Environment.class).getProperty("local.management.port");
			Http management = new Http(managementUrl);
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "probes", Set.of(), Set.of(), Set.of()));
			assertThat(token(node.http(), client).status()).isEqualTo(200);
			Http.Response ready = management.get("/actuator/health/readiness");
			assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
			assertThat(ready.json()).containsEntry("status", "UP");
			assertThat(components(ready)).containsOnlyKeys("signingKey", "auditWriter", "readinessState");
			Http.Response health = management.get("/actuator/health");
			assertThat(health.status()).as(health.toString()).isEqualTo(200);
			assertThat(components(health)).containsKey("db");
			Http.Response live = management.get("/actuator/health/liveness");
			assertThat(live.json()).containsEntry("status", "UP");
			assertThat(components(live)).containsOnlyKeys("livenessState");

			proxy.cut();
			Http.Response down = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = management.get("/actuator/health");
				return (response.status() == 503) ? response : null;
			});
			assertThat(down.json()).containsEntry("status", "DOWN");
			assertThat(components(down).get("db")).isEqualTo(Map.of("status", "DOWN"));
			Http.Response stillReady = management.get("/actuator/health/readiness");
			assertThat(stillReady.status()).as(stillReady.toString()).isEqualTo(200);
			assertThat(stillReady.json()).containsEntry("status", "UP");
			assertThat(node.http().get("/oauth2/jwks").status()).as("JWKS needs no database").isEqualTo(200);
			Http.Response stillLive = management.get("/actuator/health/liveness");
			assertThat(stillLive.status()).as(stillLive.toString()).isEqualTo(200);
			assertThat(stillLive.json()).containsEntry("status", "UP");

			// the outage's 503s are counted as refusals, and timed as unavailable
			assertThat(token(node.http(), client).status()).isEqualTo(503);
			PrometheusScrape scrape = PrometheusScrape.of(managementUrl);
			assertThat(scrape.value("tessera_tokens_refused_total", "grant", "client_credentials", "error",
					"temporarily_unavailable"))
				.isGreaterThanOrEqualTo(1);
			assertThat(scrape.value("tessera_token_requests_seconds_count", "grant", "client_credentials", "outcome",
					"unavailable"))
				.isGreaterThanOrEqualTo(1);

			proxy.restore();
			Http.Response upAgain = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = management.get("/actuator/health");
				return (response.status() == 200) ? response : null;
			});
			assertThat(upAgain.json()).containsEntry("status", "UP");
		}
	}

	private static Http.Response token(Http http, IssuedSecret client) {
		return http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				Http.form("grant_type", "client_credentials"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> components(Http.Response health) {
		return (Map<String, Object>) health.json().get("components");
	}

}
