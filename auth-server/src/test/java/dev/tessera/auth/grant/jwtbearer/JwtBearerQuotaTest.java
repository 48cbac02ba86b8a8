package dev.tessera.auth.grant.jwtbearer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.client.ClientPatch;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.PartnerClient;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.GRANT_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token quota counts the JWT-bearer grant's tokens too (every grant's access token
 * passes the one token generator), and a refused exchange does not use up the partner's
 * assertion: it is refused before anything is signed or recorded as used, so the same
 * assertion works once the quota allows it.
 */
@TesseraServerTest
class JwtBearerQuotaTest {

	static final String API = "https://quota-api.example.test";

	static final String READ = "quota:read";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	ClientAdministration clients;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	JwtBearerSetup tessera;

	PartnerIdentityProvider partner;

	@BeforeEach
	void setUp() {
		this.tessera = new JwtBearerSetup(this.issuer, this.issuer, this.registrar, this.jdbc);
		this.tessera.scopes(READ);
		this.partner = PartnerIdentityProvider.start(this.clock);
	}

	@AfterEach
	void stopPartner() {
		this.partner.close();
	}

	@Test
	void theQuotaCountsPartnerTokensAndARefusedAssertionStaysUnused() {
		PartnerClient client = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
		Map<String, Object> trust = JwtBearerSetup.byInlineJwks(this.partner, List.of(client.clientId()),
				List.of(READ));
		trust.put("subjectPrefix", "quota-" + PartnerIdentityProvider.shortId() + ":");
		this.tessera.trust(trust);
		quota(client, 1);

		Http.Response first = this.tessera.exchange(client, assertion());
		assertThat(first.status()).as(first.toString()).isEqualTo(200);

		String second = assertion();
		Http.Response refused = this.tessera.exchange(client, second);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.json()).containsEntry("error", "too_many_requests");
		assertThat((String) refused.json().get("error_description"))
			.startsWith("the client's hourly token quota of 1 is used up");
		assertThat(refused.header("Retry-After")).isNotBlank();

		quota(client, 2);
		Http.Response retried = this.tessera.exchange(client, second);
		assertThat(retried.status()).as("the refused assertion was not used up: " + retried).isEqualTo(200);
		assertThat(this.tessera.exchange(client, assertion()).status()).isEqualTo(429);
	}

	private String assertion() {
		return PartnerIdentityProvider.sign(this.partner.rsaKey(),
				this.partner.claims(this.tessera.tokenEndpoint()).build());
	}

	private void quota(PartnerClient client, int hourly) {
		this.clients.update(
				client.clientId(), new ClientPatch(null, null, null, null, null, null, null, null, null, null, null,
						null, null, null, null, null, null, null, null, null, null, null, Optional.of(hourly), null),
				Set.of());
	}

}
