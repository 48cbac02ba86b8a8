package dev.tessera.auth.audit;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the audit store away, no token is issued unaudited: the token endpoint answers 503
 * {@code temporarily_unavailable}, and recovers by itself when the store is back.
 */
@TesseraServerTest
class AuditStoreOutageTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	/** The server's own role may not rename the audit table: the test plays the owner. */
	JdbcTemplate superuser() {
		return TestDatabase.get().superuserJdbc(this.databaseUrl);
	}

	@AfterEach
	void restore() {
		superuser().execute("do $$ begin if to_regclass('audit_event_away') is not null then "
				+ "alter table audit_event_away rename to audit_event; end if; end $$");
	}

	@Test
	void noTokenWithoutItsAuditEventAndRecoveryWithoutARestart() throws Exception {
		Http http = new Http(this.issuer);
		IssuedSecret client = this.registrar.register(
				ClientDraft.clientCredentials(null, "outage", Set.of(), Set.of(), Set.of("https://api.example.test")));
		assertThat(token(http, client).status()).isEqualTo(200);

		// the audit table disappears (as an outage of the audit store would look to the
		// writer)
		superuser().execute("alter table audit_event rename to audit_event_away");
		Http.Response refused = token(http, client);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.json()).containsEntry("error", "temporarily_unavailable").doesNotContainKey("access_token");
		assertThat(refused.header("Retry-After")).isEqualTo("1");

		superuser().execute("alter table audit_event_away rename to audit_event");
		// recovers by itself: the next requests find the store back, no restart, no fixed
		// wait
		Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
			Http.Response response = token(http, client);
			return (response.status() == 200) ? response : null;
		});
		assertThat(recovered.json()).containsKey("access_token");
	}

	static Http.Response token(Http http, IssuedSecret client) {
		return http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
	}

}
