package dev.tessera.auth.client;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretHasherTest {

	@Test
	void matchesOnlyTheSameSecretUnderTheSamePepper() {
		ClientSecretHasher hasher = new ClientSecretHasher(new byte[32]);
		byte[] stored = hasher.hash("s3cret-value-of-enough-length-000000");
		assertThat(hasher.matches("s3cret-value-of-enough-length-000000", stored)).isTrue();
		assertThat(hasher.matches("s3cret-value-of-enough-length-000001", stored)).isFalse();
		assertThat(stored).hasSize(32);

		byte[] otherPepper = new byte[32];
		otherPepper[0] = 1;
		assertThat(new ClientSecretHasher(otherPepper).matches("s3cret-value-of-enough-length-000000", stored))
			.as("the hash is keyed: without the pepper it cannot be checked").isFalse();
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
