package dev.tessera.auth.key;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;
import dev.tessera.auth.support.TwoNodeCluster;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static dev.tessera.auth.support.Poll.await;
import static dev.tessera.auth.support.Poll.jwksKids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several auth-server nodes on one database: one rotation per period, the same JWKS
 * everywhere, tokens from one node accepted by another (on the shared
 * {@link TwoNodeCluster}); and the KEK rotation that protects the key set, on a database
 * of its own. (The start-up rule on the JWKS cache lifetime is
 * {@link KeyConfigurationTest}'s.)
 */
class MultiNodeKeysTest {

	static String newKek() {
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		return Base64.getEncoder().encodeToString(kek);
	}

	@Test
	@ExtendWith(TwoNodeCluster.Extension.class)
	void twoNodesRotateOncePerPeriodAndServeTheSameKeys(TwoNodeCluster cluster) throws Exception {
		Node a = cluster.a();
		Node b = cluster.b();
		MutableClock clock = cluster.clock();
		IssuedSecret client = a.bean(ClientRegistrar.class)
			.register(ClientDraft.clientCredentials(null, "shared", Set.of("admin:clients"), Set.of(),
					Set.of("https://api.example.test")));
		JdbcTemplate jdbc = new JdbcTemplate(a.bean(javax.sql.DataSource.class));
		Instant start = clock.instant();

		// the shared clock is moved to each instant the schedule names, read from the
		// keys (a
		// pre-publication, a switch, ...), and both nodes, checking every 200 ms, act on
		// it; two
		// nodes acting independently would both make each change
		int created = 0;
		try {
			for (int step = 0; step < 5; step++) {
				Map<String, Object> active = jdbc.queryForMap("select coalesce(activated_at, created_at) as since "
						+ "from signing_key where status = 'ACTIVE'");
				Instant rotateAt = ((Timestamp) active.get("since")).toInstant().plus(TwoNodeCluster.ROTATION_PERIOD);
				List<Timestamp> next = jdbc.queryForList("select created_at from signing_key where status = 'NEXT'",
						Timestamp.class);
				if (next.isEmpty()) {
					clock.advanceTo(rotateAt.minus(TwoNodeCluster.PREPUBLISH));
					await(Duration.ofSeconds(10), () -> (nextKeys(jdbc) == 1) ? true : null);
					created++;
				}
				else {
					Instant published = next.get(0).toInstant().plus(TwoNodeCluster.PREPUBLISH);
					clock.advanceTo(rotateAt.isAfter(published) ? rotateAt : published);
					await(Duration.ofSeconds(10), () -> (nextKeys(jdbc) == 0) ? true : null);
				}
			}
		}
		finally {
			// back to real time: Spring judges a token's nbf by the system clock
			clock.reset();
		}

		// identical JWKS on both nodes (told by a notification: their own refresh is a
		// minute away)
		await(Duration.ofSeconds(5), () -> jwksKids(a.http()).equals(jwksKids(b.http())) ? true : null);

		// a token from one node introspects active on the other
		String token = tokenFrom(a.http(), client);
		Http.Response introspection = b.http()
			.postForm("/oauth2/introspect", client.clientId(), client.clientSecret(), form("token", token));
		assertThat(introspection.json()).containsEntry("active", true);

		// one new key per pre-publication, a period apart (plus the moments the nodes
		// took to
		// act on each step): never two for one step
		List<Instant> made = jdbc
			.queryForList("select created_at from signing_key where created_at > ? order by created_at",
					Timestamp.class, Timestamp.from(start))
			.stream()
			.map(Timestamp::toInstant)
			.toList();
		assertThat(made).hasSize(created).hasSizeGreaterThanOrEqualTo(2);
		for (int i = 1; i < made.size(); i++) {
			assertThat(Duration.between(made.get(i - 1), made.get(i))).as("keys %d and %d", i - 1, i)
				.isBetween(TwoNodeCluster.ROTATION_PERIOD, TwoNodeCluster.ROTATION_PERIOD.plusSeconds(30));
		}
		Integer active = jdbc.queryForObject("select count(*) from signing_key where status = 'ACTIVE'", Integer.class);
		assertThat(active).isEqualTo(1);
	}

	static int nextKeys(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from signing_key where status = 'NEXT'", Integer.class);
	}

	@Test
	void aKekRotationReencryptsEverythingAndTheOldKekCanThenGo() throws Exception {
		String database = TestDatabase.get().createDatabase();
		String oldKek = newKek();
		String newKek = newKek();
		IssuedSecret client;
		String kid;
		try (Node first = Node.start(database, "--tessera.keys.encryption-key=" + oldKek,
				"--tessera.keys.algorithm=ES256")) {
			client = first.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "kek", Set.of(), Set.of(),
						Set.of("https://api.example.test")));
			String token = tokenFrom(first.http(), client);
			assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
			kid = SignedJWT.parse(token).getHeader().getKeyID();
		}
		try (Node rotating = Node.start(database, "--tessera.keys.encryption-key=" + newKek,
				"--tessera.keys.previous-encryption-keys=" + oldKek, "--tessera.keys.algorithm=ES256")) {
			assertThat(SignedJWT.parse(tokenFrom(rotating.http(), client)).getHeader().getKeyID()).isEqualTo(kid);
		}
		try (Node after = Node.start(database, "--tessera.keys.encryption-key=" + newKek,
				"--tessera.keys.algorithm=ES256")) {
			assertThat(SignedJWT.parse(tokenFrom(after.http(), client)).getHeader().getKeyID())
				.as("the new KEK alone opens the re-encrypted rows")
				.isEqualTo(kid);
		}
		assertThatThrownBy(() -> Node.start(database, "--tessera.keys.encryption-key=" + oldKek).close())
			.as("the old KEK alone no longer opens them")
			.hasStackTraceContaining("does not decrypt");
	}

	static String tokenFrom(Http http, IssuedSecret client) {
		Http.Response response = http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

}
