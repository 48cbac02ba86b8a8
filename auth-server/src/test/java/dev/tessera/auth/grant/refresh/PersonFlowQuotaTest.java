package dev.tessera.auth.grant.refresh;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Person;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.TestClient;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Tokens;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token quota counts the access tokens of the flows acting for a person too: the code
 * exchange's and every refresh's. A refresh refused for the quota does not rotate the
 * refresh token, so the same one works once the quota allows it.
 */
@TesseraServerTest
class PersonFlowQuotaTest {

	@Autowired
	ApplicationContext context;

	AuthorizationCodeFlow flow;

	Person person;

	@BeforeEach
	void setUp() {
		this.flow = AuthorizationCodeFlow.of(this.context);
		this.person = this.flow.createUser("USER");
	}

	@Test
	void theCodeExchangeAndRefreshesCountAndARefusedRefreshLeavesItsTokenUsable() {
		TestClient client = this.flow.confidentialClient(true, ",\"hourlyTokenQuota\":2");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, "openid orders:read");
		Tokens second = Tokens.of(this.flow.refresh(client, first.refreshToken()));

		Http.Response refused = this.flow.refresh(client, second.refreshToken());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.json()).containsEntry("error", "too_many_requests");
		assertThat((String) refused.json().get("error_description"))
			.startsWith("the client's hourly token quota of 2 is used up");
		assertThat(refused.header("Retry-After")).isNotBlank();
		assertThat(refused.header("Cache-Control")).contains("no-store");

		Http.Response raised = this.flow.admin()
			.patch("/admin/api/clients/" + client.clientId(), "{\"hourlyTokenQuota\":3}");
		assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
		Http.Response retried = this.flow.refresh(client, second.refreshToken());
		assertThat(retried.status()).as("the refused refresh token still works: " + retried).isEqualTo(200);
		assertThat(this.flow.refresh(client, Tokens.of(retried).refreshToken()).status()).isEqualTo(429);
	}

}
