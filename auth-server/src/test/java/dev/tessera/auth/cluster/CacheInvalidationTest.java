package dev.tessera.auth.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientPatch;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.key.KeyRotation;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TwoNodeCluster;

import static dev.tessera.auth.support.Http.form;
import static dev.tessera.auth.support.Poll.await;
import static dev.tessera.auth.support.Poll.jwksKids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change made through one node reaches the others through LISTEN/NOTIFY, well before
 * their periodic refresh (a minute on the shared cluster, so only the notification can
 * explain it).
 */
@ExtendWith(TwoNodeCluster.Extension.class)
class CacheInvalidationTest {

	@Test
	void aDisabledClientAndARotatedKeyReachTheOtherNodeAtOnce(TwoNodeCluster cluster) throws Exception {
		Node a = cluster.a();
		Node b = cluster.b();
		IssuedSecret client = a.bean(ClientRegistrar.class)
			.register(ClientDraft.clientCredentials(null, "roaming", Set.of(), Set.of(),
					Set.of("https://api.example.test")));
		Http.Response first = token(b.http(), client);
		assertThat(first.status()).as("cached on node b").isEqualTo(200);
		String earlier = (String) first.json().get("access_token");

		Instant disabled = Instant.now();
		a.bean(ClientAdministration.class)
			.update(client.clientId(),
					new ClientPatch(null, false, null, null, null, null, null, null, null, null, null, null), Set.of());
		await(Duration.ofSeconds(10), () -> token(b.http(), client).status() == 401 ? true : null);
		assertThat(Duration.between(disabled, Instant.now())).isLessThan(Duration.ofSeconds(5));

		// re-enabled through node a: node b serves the client again, but not its earlier
		// token
		a.bean(ClientAdministration.class)
			.update(client.clientId(),
					new ClientPatch(null, true, null, null, null, null, null, null, null, null, null, null), Set.of());
		await(Duration.ofSeconds(10), () -> token(b.http(), client).status() == 200 ? true : null);
		assertThat(b.http()
			.postForm("/oauth2/introspect", client.clientId(), client.clientSecret(), form("token", earlier))
			.json()).containsEntry("active", false);

		Instant rotated = Instant.now();
		String newKid = a.bean(KeyRotation.class).rotateNow("test").getKid();
		await(Duration.ofSeconds(10), () -> jwksKids(b.http()).contains(newKid) ? true : null);
		assertThat(Duration.between(rotated, Instant.now())).isLessThan(Duration.ofSeconds(5));
	}

	static Http.Response token(Http http, IssuedSecret client) {
		return http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
	}

}
