package dev.tessera.auth.grant.jwtbearer;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.PartnerClient;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.GRANT_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single use of a partner assertion commits with its audit event: with the audit
 * store away no token leaves and the {@code jti} is not spent, so the same assertion gets
 * its token once the store is back.
 */
@TesseraServerTest
class JwtBearerAuditOutageTest {

	static final String API = "https://partner-api.example.test";

	static final String READ = "partner:read";

	@Value("${tessera.issuer}")
	String issuer;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

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
	void noPartnerTokenWithoutItsAuditEventAndTheJtiIsNotSpent() throws Exception {
		JwtBearerSetup tessera = new JwtBearerSetup(this.issuer, this.issuer, this.registrar, this.jdbc);
		tessera.scopes(READ);
		try (PartnerIdentityProvider partner = PartnerIdentityProvider.start(this.clock)) {
			PartnerClient client = tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
			tessera.trust(JwtBearerSetup.byInlineJwks(partner, List.of(client.clientId()), List.of(READ)));
			String assertion = PartnerIdentityProvider.sign(partner.rsaKey(),
					partner.claims(tessera.tokenEndpoint()).build());
			String jti = SignedJWT.parse(assertion).getJWTClaimsSet().getJWTID();

			superuser().execute("alter table audit_event rename to audit_event_away");
			Http.Response refused = tessera.exchange(client, assertion);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
			assertThat(refused.json()).containsEntry("error", "temporarily_unavailable")
				.doesNotContainKey("access_token");
			assertThat(
					this.jdbc.queryForObject("select count(*) from used_partner_assertion where issuer = ? and jti = ?",
							Integer.class, partner.issuer(), jti))
				.as("the jti is not spent")
				.isZero();

			superuser().execute("alter table audit_event_away rename to audit_event");
			Http.Response recovered = Poll.await(Duration.ofSeconds(20), () -> {
				Http.Response response = tessera.exchange(client, assertion);
				return (response.status() == 503) ? null : response;
			});
			assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
			assertThat(recovered.json()).containsKey("access_token");
			JwtBearerSetup.assertInvalidGrant(tessera.exchange(client, assertion), "jti");
		}
	}

}
