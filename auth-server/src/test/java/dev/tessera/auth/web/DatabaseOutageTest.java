package dev.tessera.auth.web;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With PostgreSQL gone (every connection dropped, new ones refused), every protocol
 * request answers {@code 503 temporarily_unavailable} with {@code Retry-After}, not only
 * the first one, whether or not its client is cached; the node recovers by itself.
 */
class DatabaseOutageTest {

	@Test
	void everyRequestDuringAnOutageIsTemporarilyUnavailableAndTheNodeRecovers() throws Exception {
		String database = TestDatabase.get().createDatabase();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(database);
				Node node = Node.start(proxy.jdbcUrl(database), "--spring.datasource.hikari.connection-timeout=500")) {
			Http http = node.http();
			IssuedSecret client = node.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "outage", Set.of(), Set.of(), Set.of()));
			assertThat(token(http, client.clientId(), client.clientSecret()).status()).isEqualTo(200);

			proxy.cut();
			for (int i = 0; i < 4; i++) {
				assertUnavailable(token(http, client.clientId(), client.clientSecret()));
			}
			assertUnavailable(token(http, "never-cached", "a-secret-that-cannot-be-checked-now"));
			assertUnavailable(http.postForm("/oauth2/introspect", client.clientId(), client.clientSecret(),
					form("token", "not-a-token")));

			proxy.restore();
			Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = token(http, client.clientId(), client.clientSecret());
				return (response.status() == 200) ? response : null;
			});
			assertThat(recovered.json()).as("a token once the database is back").containsKey("access_token");
		}
	}

	private static void assertUnavailable(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.json()).containsEntry("error", "temporarily_unavailable").doesNotContainKey("access_token");
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	private static Http.Response token(Http http, String clientId, String secret) {
		return http.postForm("/oauth2/token", clientId, secret, form("grant_type", "client_credentials"));
	}

}
