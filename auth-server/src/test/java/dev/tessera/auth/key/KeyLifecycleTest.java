package dev.tessera.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyLifecycleTest {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	final KeyLifecycle lifecycle = new KeyLifecycle(Duration.ofDays(30), Duration.ofHours(24), Duration.ofHours(2));

	static SigningKey key(String kid, SigningKeyStatus status, Instant created) {
		SigningKey key = new SigningKey(kid, "RS256", status, "{}", new byte[] { 1 }, created);
		if (status == SigningKeyStatus.ACTIVE) {
			key.activate(created);
		}
		return key;
	}

	@Test
	void anEmptyTableGetsAnActiveKey() {
		assertThat(this.lifecycle.scheduled(List.of(), T0))
			.containsExactly(new KeyLifecycle.Step.Create(SigningKeyStatus.ACTIVE));
	}

	@Test
	void nothingHappensMidPeriod() {
		assertThat(
				this.lifecycle.scheduled(List.of(key("a", SigningKeyStatus.ACTIVE, T0)), T0.plus(Duration.ofDays(10))))
			.isEmpty();
	}

	@Test
	void theNextKeyIsPublishedAPrepublishLeadBeforeTheRotation() {
		List<SigningKey> keys = List.of(key("a", SigningKeyStatus.ACTIVE, T0));
		assertThat(this.lifecycle.scheduled(keys, T0.plus(Duration.ofDays(29)).minusSeconds(1))).isEmpty();
		assertThat(this.lifecycle.scheduled(keys, T0.plus(Duration.ofDays(29))))
			.containsExactly(new KeyLifecycle.Step.Create(SigningKeyStatus.NEXT));
	}

	@Test
	void theNextKeySignsOnceThePeriodEndedAndItWasPublishedLongEnough() {
		SigningKey next = key("b", SigningKeyStatus.NEXT, T0.plus(Duration.ofDays(29)).plusSeconds(3600));
		List<SigningKey> keys = List.of(key("a", SigningKeyStatus.ACTIVE, T0), next);
		assertThat(this.lifecycle.scheduled(keys, T0.plus(Duration.ofDays(30))))
			.as("published only 23 hours: caches may not hold it yet")
			.isEmpty();
		assertThat(this.lifecycle.scheduled(keys, T0.plus(Duration.ofDays(30)).plusSeconds(3600)))
			.containsExactly(new KeyLifecycle.Step.Activate("b"));
	}

	@Test
	void aRetiringKeyRetiresWhenItsWindowHasPassed() {
		SigningKey retiring = key("old", SigningKeyStatus.RETIRING, T0);
		retiring.startRetiring(T0.plusSeconds(7200));
		List<SigningKey> keys = List.of(key("a", SigningKeyStatus.ACTIVE, T0), retiring);
		assertThat(this.lifecycle.scheduled(keys, T0.plusSeconds(7199))).isEmpty();
		assertThat(this.lifecycle.scheduled(keys, T0.plusSeconds(7200)))
			.containsExactly(new KeyLifecycle.Step.Retire("old"));
		assertThat(this.lifecycle.retiresAt(T0)).isEqualTo(T0.plus(Duration.ofHours(2)));
	}

	@Test
	void aRotationByHandPrefersThePrePublishedKey() {
		assertThat(this.lifecycle.immediate(List.of(key("a", SigningKeyStatus.ACTIVE, T0))))
			.containsExactly(new KeyLifecycle.Step.Create(SigningKeyStatus.ACTIVE));
		assertThat(this.lifecycle.immediate(
				List.of(key("a", SigningKeyStatus.ACTIVE, T0), key("b", SigningKeyStatus.NEXT, T0.plusSeconds(5)))))
			.containsExactly(new KeyLifecycle.Step.Activate("b"));
	}

	@Test
	void prepublishMustBeShorterThanThePeriod() {
		assertThatThrownBy(() -> new KeyLifecycle(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO))
			.hasMessageContaining("prepublish");
	}

}
