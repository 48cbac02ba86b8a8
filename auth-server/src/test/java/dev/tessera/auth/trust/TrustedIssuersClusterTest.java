package dev.tessera.auth.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.Curve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TwoNodeCluster;

import static dev.tessera.auth.support.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trusted issuer registered, changed or removed through one node reaches the other
 * node's directory through the change notice, well before its periodic refresh (a minute,
 * so only the notice can explain it), and the node that made the change sees it at once.
 */
@ExtendWith(TwoNodeCluster.Extension.class)
class TrustedIssuersClusterTest {

	@Test
	void aChangeOnOneNodeReachesTheOtherWithinSeconds(TwoNodeCluster cluster) throws Exception {
		Node a = cluster.a();
		Node b = cluster.b();
		TrustedIssuerAdministration admin = a.bean(TrustedIssuerAdministration.class);
		String issuer = "https://idp-" + UUID.randomUUID() + ".partner.example";
		String jwks = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("ec").generate().toPublicJWK()).toString();

		Instant created = Instant.now();
		String id = admin
			.create(new TrustedIssuerDraft(issuer, jwks, null, Set.of(), Set.of("partner-app"), Set.of(), null, null))
			.getId()
			.toString();
		assertThat(a.bean(TrustedIssuers.class).findByIssuer(issuer)).as("at once on the node that changed it")
			.isPresent();
		await(Duration.ofSeconds(10), () -> b.bean(TrustedIssuers.class).findByIssuer(issuer).orElse(null));
		assertThat(Duration.between(created, Instant.now())).isLessThan(Duration.ofSeconds(5));

		admin.update(id,
				new TrustedIssuerPatch(null, null, null, null, null, null, Optional.of(42), Optional.of("acme:")));
		await(Duration.ofSeconds(10),
				() -> b.bean(TrustedIssuers.class)
					.findByIssuer(issuer)
					.filter(seen -> "acme:".equals(seen.subjectPrefix())
							&& seen.maxAssertionLifetime().equals(Duration.ofSeconds(42)))
					.orElse(null));

		admin.delete(id);
		assertThat(a.bean(TrustedIssuers.class).findByIssuer(issuer)).isEmpty();
		await(Duration.ofSeconds(10), () -> b.bean(TrustedIssuers.class).findByIssuer(issuer).isEmpty() ? true : null);
	}

}
