package dev.tessera.auth.token.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.TokenQuota;
import dev.tessera.auth.support.MutableClock;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The quota rules on their own: counters of two "nodes" sharing an in-memory store, moved
 * through hours and days by a stopped clock.
 */
class TokenQuotaCounterTest {

	static final Instant START = Instant.parse("2026-11-30T10:15:00Z");

	final MutableClock clock = MutableClock.stoppedAt(START);

	final MemoryStore store = new MemoryStore();

	final TokenQuotaCounter a = new TokenQuotaCounter(this.clock, this.store);

	final TokenQuotaCounter b = new TokenQuotaCounter(this.clock, this.store);

	@Test
	void theHourlyQuotaAllowsItsTokensAndRefusesTheNextUntilTheHourTurns() {
		TokenQuota quota = new TokenQuota(3, null);
		assertThat(issue(this.a, "c1", quota, 10)).isEqualTo(3);
		QuotaRefusal refusal = this.a.acquire("c1", quota);
		assertThat(refusal.window()).isEqualTo(QuotaRefusal.Window.HOURLY);
		assertThat(refusal.limit()).isEqualTo(3);
		assertThat(refusal.resetsAt()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
		assertThat(refusal.retryAfterSeconds()).isEqualTo(45 * 60);
		assertThat(refusal.description())
			.isEqualTo("the client's hourly token quota of 3 is used up; it resets at 2026-11-30T11:00:00Z");

		this.clock.advance(Duration.ofMinutes(44).plusSeconds(59).plusMillis(500));
		assertThat(this.a.acquire("c1", quota).retryAfterSeconds()).as("rounded up, at least one").isEqualTo(1);
		this.clock.set(Instant.parse("2026-11-30T11:00:00Z"));
		assertThat(issue(this.a, "c1", quota, 10)).isEqualTo(3);
	}

	@Test
	void theDailyQuotaSpansTheHoursOfAUtcDay() {
		TokenQuota quota = new TokenQuota(3, 5);
		assertThat(issue(this.a, "c1", quota, 10)).isEqualTo(3);
		this.clock.set(Instant.parse("2026-11-30T11:10:00Z"));
		// the earlier hour is not synced yet: still counted for the day
		assertThat(issue(this.a, "c1", quota, 10)).isEqualTo(2);
		this.a.sync();
		assertThat(issue(this.a, "c1", quota, 10)).isZero();
		QuotaRefusal refusal = this.a.acquire("c1", quota);
		assertThat(refusal.window()).isEqualTo(QuotaRefusal.Window.DAILY);
		assertThat(refusal.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(refusal.retryAfterSeconds()).isEqualTo(Duration.ofHours(12).plusMinutes(50).toSeconds());
		this.clock.set(Instant.parse("2026-12-01T00:00:01Z"));
		assertThat(issue(this.a, "c1", quota, 10)).isEqualTo(3);
	}

	@Test
	void nodesShareTheCountThroughTheStore() {
		TokenQuota quota = new TokenQuota(10, null);
		assertThat(issue(this.a, "c1", quota, 4)).isEqualTo(4);
		this.a.sync();
		this.b.sync();
		assertThat(issue(this.b, "c1", quota, 20)).as("what node a left").isEqualTo(6);
		this.b.sync();
		this.a.sync();
		assertThat(this.a.acquire("c1", quota)).isNotNull();
		assertThat(this.store.total("c1")).isEqualTo(10);
		assertThat(this.a.unsynced()).isEmpty();
		assertThat(this.b.unsynced()).isEmpty();
	}

	@Test
	void betweenSyncsTheOvershootIsWhatTheOtherNodesIssuedUnseen() {
		TokenQuota quota = new TokenQuota(10, null);
		this.a.sync();
		this.b.sync();
		// no sync in between: each node sees only its own tokens
		int fromA = issue(this.a, "c1", quota, 7);
		int fromB = issue(this.b, "c1", quota, 20);
		assertThat(fromA + fromB).isEqualTo(17); // 10 + node a's 7 unseen tokens
		this.a.sync();
		this.b.sync();
		assertThat(this.store.total("c1")).isEqualTo(17);
		this.a.sync(); // node a learns node b's tokens only at its sync after node b's
		assertThat(this.a.acquire("c1", quota)).isNotNull();
		assertThat(this.b.acquire("c1", quota)).isNotNull();
	}

	@Test
	void aTokenCountedDuringASyncIsNeitherLostNorCountedTwiceAfterwards() {
		TokenQuota quota = new TokenQuota(10, null);
		issue(this.a, "c1", quota, 3);
		this.store.during = () -> assertThat(this.a.acquire("c1", quota)).isNull();
		this.a.sync();
		this.store.during = null;
		assertThat(this.a.unsynced()).containsEntry("c1", 1L);
		assertThat(this.store.total("c1")).isEqualTo(3);
		assertThat(issue(this.a, "c1", quota, 20)).isEqualTo(6);
		this.a.sync();
		assertThat(this.store.total("c1")).isEqualTo(10);
	}

	@Test
	void aSyncBetweenTheReadsOfARequestNeverLetsATokenOverTheQuota() {
		TokenQuota quota = new TokenQuota(2, null);
		SyncBetweenReads counter = new SyncBetweenReads(this.clock, this.store);
		assertThat(issue(counter, "c1", quota, 2)).isEqualTo(2);
		counter.syncOnce = true;
		// the sync publishes the totals (2) and subtracts what it sent (2) while the
		// request is between its two reads: the sent tokens must be seen in one of them
		assertThat(counter.acquire("c1", quota)).as("the quota is used up").isNotNull();
		assertThat(counter.syncOnce).as("the sync ran inside the request").isFalse();
		assertThat(this.store.total("c1")).isEqualTo(2);
		assertThat(counter.unsynced()).isEmpty();
	}

	@Test
	void aSyncBetweenTheReadsOfARequestDoesNotRefuseATokenWithinTheQuota() {
		TokenQuota quota = new TokenQuota(3, null);
		SyncBetweenReads counter = new SyncBetweenReads(this.clock, this.store);
		assertThat(issue(counter, "c1", quota, 2)).isEqualTo(2);
		counter.syncOnce = true;
		// counted twice for a moment (unsynced before the subtraction, learned after the
		// publication): read again rather than refused
		assertThat(counter.acquire("c1", quota)).isNull();
		assertThat(counter.syncOnce).isFalse();
		assertThat(counter.acquire("c1", quota)).isNotNull();
		counter.sync();
		assertThat(this.store.total("c1")).isEqualTo(3);
	}

	@Test
	void aTokenNotDeliveredIsGivenBackOnce() {
		TokenQuota quota = new TokenQuota(2, null);
		MockHttpServletRequest request = new MockHttpServletRequest();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		try {
			assertThat(this.a.acquire("c1", quota)).isNull();
			UndeliveredTokens.counted((TokenQuotaCounter.Counted) this.a.acquireReleasable("c1", quota));
			assertThat(this.a.acquire("c1", quota)).as("two counted").isNotNull();
			UndeliveredTokens.notDelivered(request);
			UndeliveredTokens.notDelivered(request);
			assertThat(this.a.unsynced()).containsEntry("c1", 1L);
			assertThat(this.a.acquire("c1", quota)).as("the undelivered token's count is back").isNull();
			assertThat(this.a.acquire("c1", quota)).isNotNull();
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	@Test
	void aTokenGivenBackAfterItsCountWasSentNetsOutTheNodesNextTokenAndNothingNegativeIsSent() {
		TokenQuota quota = new TokenQuota(3, null);
		assertThat(this.a.acquire("c1", quota)).isNull();
		TokenQuotaCounter.Counted counted = (TokenQuotaCounter.Counted) this.a.acquireReleasable("c1", quota);
		this.a.sync();
		assertThat(this.store.total("c1")).isEqualTo(2);
		counted.release();
		this.a.sync();
		assertThat(this.store.received.get(1)).as("no negative delta").isEmpty();
		assertThat(issue(this.a, "c1", quota, 5)).as("learned 2, minus the one given back").isEqualTo(2);
		this.a.sync();
		assertThat(this.store.total("c1")).as("the node's next token netted the one given back out").isEqualTo(3);
		assertThat(this.a.acquire("c1", quota)).isNotNull();
	}

	@Test
	void whileTheStoreFailsANodeRefusesByWhatItLearnedPlusItsOwnCountAndLosesNothing() {
		TokenQuota quota = new TokenQuota(10, null);
		issue(this.b, "c1", quota, 4);
		this.b.sync();
		this.a.sync();
		this.store.failing = true;
		assertThatRuntimeException().isThrownBy(this.a::sync);
		assertThat(issue(this.a, "c1", quota, 20)).isEqualTo(6);
		assertThatRuntimeException().isThrownBy(this.a::sync);
		this.store.failing = false;
		this.a.sync();
		assertThat(this.store.total("c1")).isEqualTo(10);
		assertThat(this.a.unsynced()).isEmpty();
	}

	@Test
	void concurrentRequestsOnOneNodeGetExactlyTheQuota() throws Exception {
		TokenQuota quota = new TokenQuota(500, null);
		java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < 200; i++) {
					if (this.a.acquire("c1", quota) == null) {
						issued.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(issued.get()).isEqualTo(500);
		assertThat(this.a.unsynced()).containsEntry("c1", 500L);
	}

	@Test
	void aQuotaChangeAppliesToTheTokensAlreadyCounted() {
		issue(this.a, "c1", new TokenQuota(10, null), 5);
		assertThat(this.a.acquire("c1", new TokenQuota(5, null))).isNotNull();
		assertThat(issue(this.a, "c1", new TokenQuota(8, null), 10)).isEqualTo(3);
	}

	@Test
	void onlyClientsThatGotTokensAreSentAndOldRowsGo() {
		this.a.sync();
		assertThat(this.store.received).containsExactly(List.of());
		issue(this.a, "c1", new TokenQuota(5, null), 1);
		this.a.sync();
		assertThat(this.store.received.get(1))
			.containsExactly(new QuotaUsageStore.Delta("c1", Instant.parse("2026-11-30T10:00:00Z"), 1));
		this.a.removeOlderThan(Duration.ofDays(2));
		assertThat(this.store.removedBefore).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
	}

	private static int issue(TokenQuotaCounter counter, String client, TokenQuota quota, int attempts) {
		int issued = 0;
		for (int i = 0; i < attempts; i++) {
			if (counter.acquire(client, quota) == null) {
				issued++;
			}
		}
		return issued;
	}

	/** A counter that runs one sync between a request's reads when told to. */
	static final class SyncBetweenReads extends TokenQuotaCounter {

		volatile boolean syncOnce;

		SyncBetweenReads(java.time.Clock clock, QuotaUsageStore store) {
			super(clock, store);
		}

		@Override
		void betweenReads() {
			if (this.syncOnce) {
				this.syncOnce = false;
				sync();
			}
		}

	}

	/** The database's part: rows per client and hour. */
	static final class MemoryStore implements QuotaUsageStore {

		final Map<String, Map<Instant, Long>> rows = new HashMap<>();

		final List<List<Delta>> received = new ArrayList<>();

		volatile boolean failing;

		volatile Runnable during;

		Instant removedBefore;

		@Override
		public synchronized Map<String, Totals> addAndRead(List<Delta> deltas, Instant hour, Instant day) {
			if (this.failing) {
				throw new IllegalStateException("database away");
			}
			this.received.add(List.copyOf(deltas));
			deltas.forEach(delta -> this.rows.computeIfAbsent(delta.clientKey(), key -> new HashMap<>())
				.merge(delta.hour(), delta.tokens(), Long::sum));
			if (this.during != null) {
				this.during.run();
			}
			Map<String, Totals> totals = new HashMap<>();
			this.rows.forEach((client, hours) -> {
				long inHour = hours.getOrDefault(hour, 0L);
				long inDay = hours.entrySet()
					.stream()
					.filter(entry -> !entry.getKey().isBefore(day)
							&& entry.getKey().isBefore(day.plus(Duration.ofDays(1))))
					.mapToLong(Map.Entry::getValue)
					.sum();
				if (inDay > 0) {
					totals.put(client, new Totals(inHour, inDay));
				}
			});
			return totals;
		}

		@Override
		public int removeBefore(Instant before) {
			this.removedBefore = before;
			return 0;
		}

		synchronized long total(String client) {
			return this.rows.getOrDefault(client, Map.of()).values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
