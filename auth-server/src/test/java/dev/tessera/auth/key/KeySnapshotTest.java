package dev.tessera.auth.key;

import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeySnapshotTest {

	@Test
	void printingASnapshotNamesTheKeysAndShowsNoPrivatePart() {
		JWK signing = SigningKeyGenerator.generate(JWSAlgorithm.RS256);
		KeySnapshot snapshot = KeySnapshot.of(signing, Instant.EPOCH, List.of(signing.toPublicJWK()));

		String printed = snapshot.toString();

		RSAKey rsa = signing.toRSAKey();
		assertThat(printed).contains(signing.getKeyID())
			.doesNotContain(rsa.getPrivateExponent().toString())
			.doesNotContain(rsa.getFirstPrimeFactor().toString())
			.doesNotContain(rsa.getModulus().toString());
	}

}
