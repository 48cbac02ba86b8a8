package dev.tessera.auth.client;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretHasherTest {

	@Test
	void hashesTheSameSecretAlikeAndOtherSecretsOrPeppersOtherwise() {
		ClientSecretHasher hasher = new ClientSecretHasher(new byte[32]);
		byte[] stored = hasher.hash("s3cret-value-of-enough-length-000000");
		assertThat(stored).hasSize(32);
		assertThat(hasher.hash("s3cret-value-of-enough-length-000000")).isEqualTo(stored);
		assertThat(hasher.hash("s3cret-value-of-enough-length-000001")).isNotEqualTo(stored);

		byte[] otherPepper = new byte[32];
		otherPepper[0] = 1;
		assertThat(new ClientSecretHasher(otherPepper).hash("s3cret-value-of-enough-length-000000"))
			.as("the hash is keyed: without the pepper it cannot be checked")
			.isNotEqualTo(stored);
	}

	@Test
	void isAnHmacSha256UnderThePepper() throws Exception {
		byte[] pepper = "pepper-pepper-pepper-pepper-0123".getBytes(StandardCharsets.UTF_8);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
		assertThat(new ClientSecretHasher(pepper).hash("a secret"))
			.isEqualTo(mac.doFinal("a secret".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void generatedSecretsCarry256BitsAndDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String secret = ClientSecretGenerator.generate();
			assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
			assertThat(seen.add(secret)).isTrue();
		}
	}

}
