package dev.tessera.auth.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** UUIDv7 ids: RFC 9562 layout, time order, strictly increasing within a millisecond. */
class TimeOrderedIdsTest {

	static final long T0 = 1_780_000_000_000L; // 2026-05-28

	final AtomicLong clock = new AtomicLong(T0);

	final TimeOrderedIds ids = new TimeOrderedIds(this.clock::get, new Random(42));

	@Test
	void carriesVersionSevenTheVariantAndTheMillisecond() {
		UUID id = this.ids.generate();
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(TimeOrderedIds.millisOf(id)).isEqualTo(T0);
		UUID system = TimeOrderedIds.next();
		assertThat(system.version()).isEqualTo(7);
		assertThat(system.variant()).isEqualTo(2);
		assertThat(TimeOrderedIds.millisOf(system)).isCloseTo(System.currentTimeMillis(),
				org.assertj.core.data.Offset.offset(60_000L));
	}

	@Test
	void idsOfALaterMillisecondSortAfter() {
		UUID first = this.ids.generate();
		this.clock.incrementAndGet();
		UUID second = this.ids.generate();
		this.clock.addAndGet(86_400_000L);
		UUID third = this.ids.generate();
		assertThat(List.of(first, second, third)).isSorted();
		assertThat(TimeOrderedIds.millisOf(third)).isEqualTo(T0 + 1 + 86_400_000L);
		assertThat(first.toString()).isLessThan(second.toString()).isLessThan(third.toString());
	}

	@Test
	void aBurstInOneMillisecondIsUniqueAndStrictlyIncreasing() {
		List<UUID> burst = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) { // far more than the 12-bit counter holds
			burst.add(this.ids.generate());
		}
		Set<UUID> unique = new HashSet<>(burst);
		assertThat(unique).hasSize(burst.size());
		for (int i = 1; i < burst.size(); i++) {
			assertThat(burst.get(i)).isGreaterThan(burst.get(i - 1));
		}
		assertThat(burst).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
		// the counter ran out several times: the timestamp was carried ahead, never back
		assertThat(TimeOrderedIds.millisOf(burst.get(burst.size() - 1))).isGreaterThan(T0);
	}

	@Test
	void aClockThatStepsBackNeverMakesAnEarlierId() {
		this.clock.set(T0 + 1_000);
		UUID before = this.ids.generate();
		this.clock.set(T0);
		UUID after = this.ids.generate();
		assertThat(after).isGreaterThan(before);
		assertThat(TimeOrderedIds.millisOf(after)).isEqualTo(T0 + 1_000);
	}

}
