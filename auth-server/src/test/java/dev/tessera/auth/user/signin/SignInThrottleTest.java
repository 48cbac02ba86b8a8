package dev.tessera.auth.user.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.user.signin.SignInThrottle.Attempt;
import dev.tessera.auth.user.signin.SignInThrottle.Limits;
import dev.tessera.auth.user.signin.SignInThrottle.Permit;
import dev.tessera.auth.user.signin.SignInThrottle.Reason;
import dev.tessera.auth.user.signin.SignInThrottle.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's rule, with a clock that only moves when told to. */
class SignInThrottleTest {

	final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-01-01T00:00:00Z"));

	final SignInThrottle throttle = new SignInThrottle(Limits.DEFAULT, this.clock);

	@Test
	void fiveAttemptsAreFreeThenTheWaitStartsAtOneSecondAndDoubles() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
		}
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isEqualTo(new Refusal(Reason.USERNAME_ADDRESS, 1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isEqualTo(new Refusal(Reason.USERNAME_ADDRESS, 2));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isEqualTo(new Refusal(Reason.USERNAME_ADDRESS, 4));
	}

	@Test
	void attemptsReservedBeforeAnyOutcomeArePermittedOnlyUpToTheFreeNumber() {
		List<Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			attempts.add(this.throttle.tryAcquire("alice", "10.0.0.1"));
		}
		assertThat(attempts).filteredOn(Permit.class::isInstance).hasSize(5);
		assertThat(attempts.subList(5, 30)).allMatch(Refusal.class::isInstance);
	}

	@Test
	void concurrentAttemptsForOneUsernameAndAddressArePermittedOnlyUpToTheFreeNumber() throws Exception {
		int threads = 30;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Attempt>> attempts = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				attempts.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return this.throttle.tryAcquire("alice", "10.0.0.1");
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			int permits = 0;
			for (Future<Attempt> attempt : attempts) {
				permits += (attempt.get(10, TimeUnit.SECONDS) instanceof Permit) ? 1 : 0;
			}
			assertThat(permits).isEqualTo(5);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aFailureIsCountedOnceAndASuccessTakesItsReservationBack() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class); // failures
		}
		Permit right = (Permit) this.throttle.tryAcquire("alice", "10.0.0.1");
		this.throttle.succeeded(right);
		for (int i = 0; i < 5; i++) {
			assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).as("the pair starts again")
				.isInstanceOf(Permit.class);
		}
		// many people signing in from one address (an office) never slow it
		for (int i = 0; i < 100; i++) {
			this.throttle.succeeded((Permit) this.throttle.tryAcquire("user" + i, "10.0.0.2"));
		}
		assertThat(this.throttle.tryAcquire("someone-else", "10.0.0.2")).isInstanceOf(Permit.class);
	}

	@Test
	void anAttemptCancelledForLackOfCapacityIsNotCounted() {
		for (int i = 0; i < 20; i++) {
			this.throttle.cancelled((Permit) this.throttle.tryAcquire("alice", "10.0.0.1"));
		}
		assertThat(this.throttle.size()).isZero();
	}

	@Test
	void theWaitIsRoundedUpToWholeSeconds() {
		fail("alice", "10.0.0.1", 6);
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isEqualTo(new Refusal(Reason.USERNAME_ADDRESS, 2));
	}

	@Test
	void theWaitPerUsernameAndAddressIsCappedAtFifteenMinutes() {
		fail("alice", "10.0.0.1", 30);
		assertThat(refusal("alice", "10.0.0.1").retryAfterSeconds()).isEqualTo(15 * 60);
	}

	@Test
	void anotherUsernameFromTheSameAddressIsNotSlowedByTheFirstAlone() {
		fail("alice", "10.0.0.1", 8);
		assertThat(this.throttle.tryAcquire("bob", "10.0.0.1")).isInstanceOf(Permit.class);
	}

	@Test
	void manyUsernamesFromOneAddressSlowThatAddress() {
		for (int i = 0; i < 20; i++) {
			fail("user" + i, "10.0.0.1", 1);
		}
		assertThat(this.throttle.tryAcquire("someone-else", "10.0.0.1")).isEqualTo(new Refusal(Reason.ADDRESS, 1));
		assertThat(this.throttle.tryAcquire("someone-else", "10.0.0.2")).isInstanceOf(Permit.class);
	}

	@Test
	void theRealUserFromAnotherAddressIsNotLockedOut() {
		fail("alice", "10.0.0.1", 40);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Refusal.class);
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).isInstanceOf(Permit.class);
	}

	@Test
	void theRealUserFromAKnownAddressSignsInWhileFailuresFromFreshAddressesHammerTheUsername() {
		this.throttle.succeeded((Permit) this.throttle.tryAcquire("alice", "192.0.2.7"));
		for (int i = 0; i < 1000; i++) {
			this.clock.advance(Duration.ofSeconds(30)); // one guess per 30 s restarts the
														// wait
			fail("alice", "10." + (i / 250) + ".0." + (i % 250), 1);
			if (i % 100 == 99) {
				assertThat(this.throttle.tryAcquire("alice", "198.51.100.1")).as("a fresh address waits")
					.isEqualTo(new Refusal(Reason.USERNAME, 30));
				Attempt known = this.throttle.tryAcquire("alice", "192.0.2.7");
				assertThat(known).as("the known address is not slowed").isInstanceOf(Permit.class);
				this.throttle.succeeded((Permit) known);
			}
		}
	}

	@Test
	void aKnownAddressIsExemptForThirtyDaysAfterItsLastSuccess() {
		this.throttle.succeeded((Permit) this.throttle.tryAcquire("alice", "192.0.2.7"));
		this.clock.advance(Duration.ofDays(30));
		fail("alice", "10.0.1.1", 51);
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).isInstanceOf(Permit.class);
		this.clock.advance(Duration.ofSeconds(1));
		fail("alice", "10.0.1.2", 1);
		// 52 failures: 2^2 s
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).isEqualTo(new Refusal(Reason.USERNAME, 4));
	}

	@Test
	void aUsernameGuessedFromEverywhereMakesAFreshAddressWaitAtMostThirtySeconds() {
		for (int i = 0; i < 1000; i++) {
			fail("alice", "10.0." + (i / 250) + "." + (i % 250), 1);
		}
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).isEqualTo(new Refusal(Reason.USERNAME, 30));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).isInstanceOf(Permit.class);
	}

	@Test
	void theUsernameLimitStartsOnlyAfterFiftyFailures() {
		for (int i = 0; i < 49; i++) {
			fail("alice", "10.0.1." + i, 1);
		}
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.7")).as("the fiftieth").isInstanceOf(Permit.class);
		assertThat(this.throttle.tryAcquire("alice", "192.0.2.8")).isEqualTo(new Refusal(Reason.USERNAME, 1));
	}

	@Test
	void ipv6AddressesInOneSlash64ShareACounter() {
		fail("alice", "2001:db8:1:2::1", 5);
		assertThat(this.throttle.tryAcquire("alice", "2001:DB8:1:2:ffff:eeee:dddd:cccc"))
			.isEqualTo(new Refusal(Reason.USERNAME_ADDRESS, 1));
		assertThat(this.throttle.tryAcquire("alice", "[2001:db8:1:2::9%eth0]")).isInstanceOf(Refusal.class);
		assertThat(this.throttle.tryAcquire("alice", "2001:db8:1:3::1")).isInstanceOf(Permit.class);
	}

	@Test
	void addressesAreKeyedByIpv4AddressOrIpv6Slash64() {
		assertThat(SignInThrottle.addressKey("10.0.0.1")).isEqualTo("10.0.0.1");
		assertThat(SignInThrottle.addressKey("2001:0db8:0001:0002:0:0:0:1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(SignInThrottle.addressKey("::1")).isEqualTo("0:0:0:0::/64");
		assertThat(SignInThrottle.addressKey("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
		assertThat(SignInThrottle.addressKey("64:ff9b::192.0.2.1")).isEqualTo("64:ff9b:0:0::/64");
		assertThat(SignInThrottle.addressKey("not:an:address")).isEqualTo("not:an:address");
		assertThat(SignInThrottle.addressKey("1::2::3")).isEqualTo("1::2::3");
	}

	@Test
	void successForgivesThatUsernameAtThatAddressButNotTheAddress() {
		for (int i = 0; i < 19; i++) {
			fail("user" + i, "10.0.0.1", 1);
		}
		fail("alice", "10.0.0.1", 6);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Refusal.class);
		this.clock.advance(Duration.ofHours(1));
		this.throttle.succeeded((Permit) this.throttle.tryAcquire("alice", "10.0.0.1"));
		fail("alice", "10.0.0.1", 1);
		// the pair counts from zero again; the address (26 failures: 2^6 s) does not
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isEqualTo(new Refusal(Reason.ADDRESS, 64));
	}

	@Test
	void usernamesCompareWithoutCase() {
		fail("Alice", "10.0.0.1", 3);
		fail("ALICE", "10.0.0.1", 3);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Refusal.class);
	}

	@Test
	void countersIdleForADayStartAgain() {
		fail("alice", "10.0.0.1", 30);
		this.clock.advance(Duration.ofHours(24).plusSeconds(1));
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
		assertThat(this.throttle.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
	}

	@Test
	void memoryIsBoundedByEvictingTheOldestCounters() {
		SignInThrottle small = new SignInThrottle(new Limits(5, 20, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
				Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofDays(30), 10), this.clock);
		for (int i = 0; i < 6; i++) {
			small.failed("alice", "10.0.0.1");
		}
		assertThat(small.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Refusal.class);
		for (int i = 0; i < 100; i++) {
			small.failed("user" + i, "10.0.9." + i);
		}
		assertThat(small.size()).isEqualTo(30);
		assertThat(small.tryAcquire("alice", "10.0.0.1")).isInstanceOf(Permit.class);
	}

	@Test
	void aMissingUsernameOrAddressIsCountedLikeAnyOther() {
		fail(null, null, 6);
		assertThat(this.throttle.tryAcquire(null, null)).isInstanceOf(Refusal.class);
		assertThat(this.throttle.tryAcquire("", "")).isInstanceOf(Refusal.class);
	}

	private Refusal refusal(String username, String address) {
		Attempt attempt = this.throttle.tryAcquire(username, address);
		assertThat(attempt).isInstanceOf(Refusal.class);
		return (Refusal) attempt;
	}

	private void fail(String username, String address, int times) {
		for (int i = 0; i < times; i++) {
			this.throttle.failed(username, address);
		}
	}

}
