package dev.tessera.auth.key;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Poll.await;
import static dev.tessera.auth.support.Poll.jwksKids;
import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several auth-server nodes on one database: one rotation per period, the same JWKS
 * everywhere, tokens from one node accepted by another; and the start-up rules that
 * protect the key set (KEK rotation, cache lifetime shorter than pre-publication).
 */
class MultiNodeKeysTest {

	static String newKek() {
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		return Base64.getEncoder().encodeToString(kek);
	}

	@Test
	void twoNodesRotateOncePerPeriodAndServeTheSameKeys() throws Exception {
		String database = TestDatabase.get().createDatabase();
		String kek = "--tessera.keys.encryption-key=" + newKek();
		String[] fast = { kek, "--tessera.keys.rotation-period=4s", "--tessera.keys.prepublish=2s",
				"--tessera.keys.jwks-max-age=500ms", "--tessera.keys.refresh-interval=500ms",
				"--tessera.keys.check-interval=100ms", "--tessera.tokens.default-ttl=2s",
				"--tessera.tokens.max-ttl=2s" };
		String issuer = "http://tessera.cluster.test";
		try (Node a = Node.startWithIssuer(database, issuer, fast); Node b = Node.startWithIssuer(database, issuer, fast)) {
			IssuedSecret client = a.bean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "shared", Set.of("admin:clients"), Set.of(),
						Set.of("https://api.example.test")));
			Thread.sleep(13_000); // about three periods, both nodes checking every 100 ms

			// identical JWKS on both nodes (within one refresh interval)
			await(Duration.ofSeconds(5), () -> jwksKids(a.http()).equals(jwksKids(b.http())) ? true : null);

			// a token from one node introspects active on the other
			String token = tokenFrom(a.http(), client);
			Http.Response introspection = b.http()
				.postForm("/oauth2/introspect", client.clientId(), client.clientSecret(), form("token", token));
			assertThat(introspection.json()).containsEntry("active", true);

			// one rotation per period: the first next key comes a pre-publication lead (2 s)
			// before the first period ends, later ones a period (4 s) apart; two nodes acting
			// independently would create keys milliseconds apart
			List<Instant> created = new JdbcTemplate(a.bean(javax.sql.DataSource.class))
				.queryForList("select created_at from signing_key order by created_at", Timestamp.class)
				.stream()
				.map(Timestamp::toInstant)
				.toList();
			// one key at the start, then one per period (4 s); two independent rotators would double it
			long periods = Duration.between(created.get(0), Instant.now()).toMillis() / 4000;
			assertThat(created).hasSizeBetween(3, (int) periods + 2);
			for (int i = 1; i < created.size(); i++) {
				assertThat(Duration.between(created.get(i - 1), created.get(i)))
					.as("keys %d and %d", i - 1, i)
					.isGreaterThan(Duration.ofMillis((i == 1) ? 1500 : 3000));
			}
			Integer active = new JdbcTemplate(a.bean(javax.sql.DataSource.class))
				.queryForObject("select count(*) from signing_key where status = 'ACTIVE'", Integer.class);
			assertThat(active).isEqualTo(1);
		}
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
				.register(ClientDraft.clientCredentials(null, "kek", Set.of(), Set.of(), Set.of("https://api.example.test")));
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

	@Test
	void startupRefusesAJwksCacheLifetimeLongerThanThePrePublicationLead() {
		String database = TestDatabase.get().createDatabase();
		assertThatThrownBy(() -> Node.start(database, "--tessera.keys.encryption-key=" + newKek(),
				"--tessera.keys.jwks-max-age=2d", "--tessera.keys.prepublish=1d").close())
			.hasStackTraceContaining("must be shorter than tessera.keys.prepublish");
	}

	static String tokenFrom(Http http, IssuedSecret client) {
		Http.Response response = http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

}
