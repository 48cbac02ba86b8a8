package dev.tessera.admin.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTimelineTest {

	private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

	@Test
	void publishedKeysRunFromNextToRetiringAndGoneKeysNewestFirst() {
		SigningKey retiringOld = key("r1", "RETIRING", T.minus(Duration.ofDays(60)), T.plus(Duration.ofHours(1)));
		SigningKey retiringNew = key("r2", "RETIRING", T.minus(Duration.ofDays(30)), T.plus(Duration.ofHours(5)));
		SigningKey active = key("a", "ACTIVE", T.minus(Duration.ofDays(1)), null);
		SigningKey next = key("n", "NEXT", T, null);
		SigningKey retired = key("old", "RETIRED", T.minus(Duration.ofDays(90)), T.minus(Duration.ofDays(50)));
		SigningKey revoked = key("bad", "REVOKED", T.minus(Duration.ofDays(10)), T.minus(Duration.ofDays(9)));

		KeyTimeline timeline = KeyTimeline.of(List.of(retired, retiringOld, active, revoked, retiringNew, next));

		assertThat(timeline.published()).extracting(SigningKey::kid).containsExactly("n", "a", "r2", "r1");
		assertThat(timeline.gone()).extracting(SigningKey::kid).containsExactly("bad", "old");
		assertThat(timeline.active().kid()).isEqualTo("a");
	}

	@Test
	void agesAreReadAtAGlance() {
		assertThat(Ages.relative(T.minus(Duration.ofDays(3)), T)).isEqualTo("3 days ago");
		assertThat(Ages.relative(T.plus(Duration.ofHours(1)), T)).isEqualTo("in 1 hour");
		assertThat(Ages.relative(T.plus(Duration.ofSeconds(20)), T)).isEqualTo("just now");
		assertThat(Ages.relative(null, T)).isEmpty();
		assertThat(Ages.of(Duration.ofMinutes(61))).isEqualTo("1 hour");
		assertThat(Ages.of(Duration.ofMinutes(5))).isEqualTo("5 minutes");
	}

	private static SigningKey key(String kid, String status, Instant created, Instant retires) {
		return new SigningKey(kid, "RS256", status, created, null, retires);
	}

}
