package dev.tessera.auth.protocol;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.PrometheusScrape;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint's metrics on the management port, counted where the answers are
 * written: an issued token under its grant and client; refusals under the error answered,
 * with the client only once it authenticated ({@code unknown} before, whatever
 * {@code client_id} the caller claimed) and the grant only from the known set
 * ({@code other}); the latency histogram by grant and outcome; the audit writer's,
 * signing key's and connection pool's meters beside them.
 */
@TesseraServerTest
class TokenMetricsIntegrationTest {

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	IssuedSecret client;

	@BeforeEach
	void client() {
		this.http = new Http("http://localhost:" + this.port);
		this.client = this.registrar
			.register(ClientDraft.clientCredentials(null, "metrics", Set.of(), Set.of(), Set.of()));
	}

	@Test
	void issuedAndRefusedTokensAreCountedByGrantClientAndError() {
		PrometheusScrape before = scrape();
		String id = this.client.clientId();
		assertThat(token(id, this.client.clientSecret(), "grant_type", "client_credentials").status()).isEqualTo(200);
		assertThat(token(id, this.client.clientSecret(), "grant_type", "client_credentials").status()).isEqualTo(200);
		assertThat(token(id, this.client.clientSecret(), "grant_type", "client_credentials", "scope", "not-granted")
			.status()).isEqualTo(400);
		assertThat(token(id, "a-wrong-secret-for-metrics", "grant_type", "client_credentials").status()).isEqualTo(401);
		assertThat(token("attacker-chosen-" + id, "a-wrong-secret", "grant_type", "made-up-grant").status())
			.isEqualTo(401);
		assertThat(token(id, this.client.clientSecret(), "grant_type", "made-up-grant").status()).isEqualTo(400);

		PrometheusScrape after = scrape();
		assertThat(after.value("tessera_tokens_issued_total", "grant", "client_credentials", "client", id))
			.isEqualTo(2);
		assertThat(after.value("tessera_tokens_refused_total", "grant", "client_credentials", "client", id, "error",
				"invalid_scope"))
			.isEqualTo(1);
		assertThat(after.value("tessera_tokens_refused_total", "grant", "other", "client", id, "error",
				"unsupported_grant_type"))
			.isEqualTo(1);
		assertThat(delta(before, after, "tessera_tokens_refused_total", "grant", "client_credentials", "client",
				"unknown", "error", "invalid_client"))
			.isEqualTo(1);
		assertThat(delta(before, after, "tessera_tokens_refused_total", "grant", "other", "client", "unknown", "error",
				"invalid_client"))
			.isEqualTo(1);
		assertThat(after.samples("tessera_tokens_refused_total"))
			.allSatisfy((sample) -> assertThat(sample.labels().get("client")).doesNotStartWith("attacker-chosen-"))
			.allSatisfy((sample) -> assertThat(sample.labels().get("grant")).isIn("client_credentials", "jwt_bearer",
					"authorization_code", "refresh_token", "other"));

		assertThat(delta(before, after, "tessera_token_requests_seconds_count", "grant", "client_credentials",
				"outcome", "issued"))
			.isEqualTo(2);
		assertThat(delta(before, after, "tessera_token_requests_seconds_count", "grant", "client_credentials",
				"outcome", "refused"))
			.isEqualTo(2);
		assertThat(after.has("tessera_token_requests_seconds_bucket", "grant", "client_credentials", "outcome",
				"issued", "le", "0.1"))
			.as("a histogram with an SLO bucket at 100 ms")
			.isTrue();
	}

	@Test
	void refusalsWrittenOutsideSpringSecurityAreCountedToo() {
		PrometheusScrape before = scrape();
		Http.Response json = this.http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=a&scope=b")));
		assertThat(json.status()).isEqualTo(400);
		PrometheusScrape after = scrape();
		assertThat(
				delta(before, after, "tessera_tokens_refused_total", "client", "unknown", "error", "invalid_request"))
			.as("the strict form filter's refusal (a repeated parameter)")
			.isEqualTo(1);
	}

	@Test
	void theAuditWriterSigningKeyAndPoolAreMetered() {
		assertThat(
				token(this.client.clientId(), this.client.clientSecret(), "grant_type", "client_credentials").status())
			.isEqualTo(200);
		PrometheusScrape scrape = scrape();
		assertThat(scrape.names()).contains("tessera_audit_queue_depth", "tessera_audit_queue_capacity",
				"tessera_audit_batch_size_count", "tessera_audit_batch_size_bucket",
				"tessera_audit_commit_lag_seconds_count", "tessera_audit_commit_lag_seconds_bucket",
				"tessera_keys_active_age_seconds", "tessera_keys_rotation_due_seconds", "hikaricp_connections_active",
				"hikaricp_connections_max", "hikaricp_connections_pending", "hikaricp_connections_timeout_total");
		assertThat(scrape.value("tessera_audit_batch_size_count")).isPositive();
		assertThat(scrape.value("tessera_audit_commit_lag_seconds_count")).isPositive();
		assertThat(scrape.value("tessera_keys_rotation_due_seconds")).as("positive while the rotation is not overdue")
			.isPositive();
	}

	private Http.Response token(String clientId, String secret, String... fields) {
		return this.http.postForm("/oauth2/token", clientId, secret, form(fields));
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of("http://localhost:" + this.managementPort);
	}

	private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

}
