package dev.tessera.auth.grant.jwtbearer;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.PartnerClient;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TwoNodeCluster;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.GRANT_TYPE;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.assertInvalidGrant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner assertion is single use across the cluster: its {@code jti} is remembered in
 * PostgreSQL, so an assertion exchanged on one node is refused on the other, and of many
 * concurrent exchanges of one assertion spread over both nodes exactly one gets a token.
 */
@ExtendWith(TwoNodeCluster.Extension.class)
class JwtBearerReplayAcrossNodesTest {

	static final String API = "https://partner-api.example.test";

	static final String READ = "partner:read";

	static JwtBearerSetup on(Node node) {
		String issuer = node.bean(TesseraProperties.class).issuer();
		String baseUrl = "http://localhost:" + node.bean(Environment.class).getProperty("server.port");
		return new JwtBearerSetup(baseUrl, issuer, node.bean(ClientRegistrar.class), node.bean(JdbcTemplate.class));
	}

	@Test
	void anAssertionExchangedOnOneNodeIsAReplayOnTheOther(TwoNodeCluster cluster) throws Exception {
		JwtBearerSetup a = on(cluster.a());
		JwtBearerSetup b = on(cluster.b());
		try (PartnerIdentityProvider partner = PartnerIdentityProvider.start(cluster.clock())) {
			PartnerClient client = trustedPartner(a, b, partner);

			String assertion = assertion(partner, a);
			Http.Response first = a.exchange(client, assertion);
			assertThat(first.status()).as(first.toString()).isEqualTo(200);
			assertInvalidGrant(b.exchange(client, assertion), "jti", "replay", "already used");
			assertInvalidGrant(a.exchange(client, assertion), "jti", "replay", "already used");

			String other = assertion(partner, a);
			Http.Response onB = b.exchange(client, other);
			assertThat(onB.status()).as(onB.toString()).isEqualTo(200);
			assertInvalidGrant(a.exchange(client, other), "jti", "replay", "already used");

			// remembered until the assertion could no longer be accepted anywhere
			JWTClaimsSet claims = SignedJWT.parse(assertion).getJWTClaimsSet();
			List<Timestamp> expiresAt = cluster.a()
				.bean(JdbcTemplate.class)
				.queryForList("select expires_at from used_partner_assertion where issuer = ? and jti = ?",
						Timestamp.class, partner.issuer(), claims.getJWTID());
			assertThat(expiresAt).hasSize(1);
			assertThat(expiresAt.get(0).toInstant()).isAfterOrEqualTo(claims.getExpirationTime().toInstant());
		}
	}

	@Test
	void ofConcurrentExchangesOfOneAssertionOnBothNodesExactlyOneGetsAToken(TwoNodeCluster cluster) throws Exception {
		JwtBearerSetup a = on(cluster.a());
		JwtBearerSetup b = on(cluster.b());
		try (PartnerIdentityProvider partner = PartnerIdentityProvider.start(cluster.clock())) {
			PartnerClient client = trustedPartner(a, b, partner);
			String assertion = assertion(partner, a);

			int racers = 8;
			ExecutorService pool = Executors.newFixedThreadPool(racers);
			List<Http.Response> responses = new ArrayList<>();
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Http.Response>> futures = new ArrayList<>();
				for (int i = 0; i < racers; i++) {
					JwtBearerSetup node = (i % 2 == 0) ? a : b;
					futures.add(pool.submit(() -> {
						start.await();
						return node.exchange(client, assertion);
					}));
				}
				start.countDown();
				for (Future<Http.Response> future : futures) {
					responses.add(future.get(60, TimeUnit.SECONDS));
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(responses).as(responses.toString()).filteredOn(r -> r.status() == 200).hasSize(1);
			responses.stream()
				.filter(r -> r.status() != 200)
				.forEach(r -> assertInvalidGrant(r, "jti", "replay", "already used"));
		}
	}

	/**
	 * Registers the partner and a client for it through node a, and waits until node b
	 * accepts the partner's assertions too (the change reaches it by notification).
	 */
	static PartnerClient trustedPartner(JwtBearerSetup a, JwtBearerSetup b, PartnerIdentityProvider partner)
			throws InterruptedException {
		a.scopes(READ);
		PartnerClient client = a.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
		Map<String, Object> body = JwtBearerSetup.byJwksUri(partner, List.of(client.clientId()), List.of(READ));
		a.trust(body);
		Poll.await(Duration.ofSeconds(10),
				() -> (b.exchange(client, assertion(partner, b)).status() == 200) ? true : null);
		return client;
	}

	static String assertion(PartnerIdentityProvider partner, JwtBearerSetup node) {
		return PartnerIdentityProvider.sign(partner.rsaKey(), partner.claims(node.tokenEndpoint()).build());
	}

}
