package dev.tessera.auth.user.signin;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.user.signin.SignInThrottle.Limits;
import dev.tessera.auth.user.signin.SignInThrottle.Reason;
import dev.tessera.auth.user.signin.SignInThrottle.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's rule, with a clock that only moves when told to. */
class SignInThrottleTest {

	final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-01-01T00:00:00Z"));

	final SignInThrottle throttle = new SignInThrottle(Limits.DEFAULT, this.clock);

	@Test
	void fiveFailuresAreFreeThenTheWaitStartsAtOneSecondAndDoubles() {
		fail("alice", "10.0.0.1", 5);
		assertThat(this.throttle.check("alice", "10.0.0.1")).isEmpty();
		fail("alice", "10.0.0.1", 1);
		assertThat(this.throttle.check("alice", "10.0.0.1")).contains(new Refusal(Reason.USERNAME_ADDRESS, 1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.throttle.check("alice", "10.0.0.1")).isEmpty();
		fail("alice", "10.0.0.1", 1);
		assertThat(this.throttle.check("alice", "10.0.0.1")).contains(new Refusal(Reason.USERNAME_ADDRESS, 2));
		fail("alice", "10.0.0.1", 1);
		assertThat(this.throttle.check("alice", "10.0.0.1")).contains(new Refusal(Reason.USERNAME_ADDRESS, 4));
	}

	@Test
	void theWaitIsRoundedUpToWholeSeconds() {
		fail("alice", "10.0.0.1", 7);
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.throttle.check("alice", "10.0.0.1")).contains(new Refusal(Reason.USERNAME_ADDRESS, 2));
	}

	@Test
	void theWaitPerUsernameAndAddressIsCappedAtFifteenMinutes() {
		fail("alice", "10.0.0.1", 30);
		assertThat(this.throttle.check("alice", "10.0.0.1").orElseThrow().retryAfterSeconds()).isEqualTo(15 * 60);
	}

	@Test
	void anotherUsernameFromTheSameAddressIsNotSlowedByTheFirstAlone() {
		fail("alice", "10.0.0.1", 8);
		assertThat(this.throttle.check("bob", "10.0.0.1")).isEmpty();
	}

	@Test
	void manyUsernamesFromOneAddressSlowThatAddress() {
		for (int i = 0; i < 21; i++) {
			fail("user" + i, "10.0.0.1", 1);
		}
		assertThat(this.throttle.check("someone-else", "10.0.0.1")).contains(new Refusal(Reason.ADDRESS, 1));
		assertThat(this.throttle.check("someone-else", "10.0.0.2")).isEmpty();
	}

	@Test
	void theRealUserFromAnotherAddressIsNotLockedOut() {
		fail("alice", "10.0.0.1", 40);
		assertThat(this.throttle.check("alice", "10.0.0.1")).isPresent();
		assertThat(this.throttle.check("alice", "192.0.2.7")).isEmpty();
	}

	@Test
	void aUsernameGuessedFromEverywhereWaitsAtMostThirtySeconds() {
		for (int i = 0; i < 200; i++) {
			fail("alice", "10.0.1." + i, 1);
		}
		Refusal refusal = this.throttle.check("alice", "192.0.2.7").orElseThrow();
		assertThat(refusal.reason()).isEqualTo(Reason.USERNAME);
		assertThat(refusal.retryAfterSeconds()).isEqualTo(30);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.throttle.check("alice", "192.0.2.7")).isEmpty();
	}

	@Test
	void theUsernameLimitStartsOnlyPastFiftyFailures() {
		for (int i = 0; i < 50; i++) {
			fail("alice", "10.0.1." + i, 1);
		}
		assertThat(this.throttle.check("alice", "192.0.2.7")).isEmpty();
		fail("alice", "10.0.2.1", 1);
		assertThat(this.throttle.check("alice", "192.0.2.7")).contains(new Refusal(Reason.USERNAME, 1));
	}

	@Test
	void successForgivesThatUsernameAtThatAddressButNotTheAddress() {
		for (int i = 0; i < 19; i++) {
			fail("user" + i, "10.0.0.1", 1);
		}
		fail("alice", "10.0.0.1", 6);
		assertThat(this.throttle.check("alice", "10.0.0.1")).isPresent();
		this.clock.advance(Duration.ofHours(1));
		this.throttle.succeeded("alice", "10.0.0.1");
		fail("alice", "10.0.0.1", 1);
		// the pair counts from zero again; the address (26 failures: 2^5 s) does not
		assertThat(this.throttle.check("alice", "10.0.0.1")).contains(new Refusal(Reason.ADDRESS, 32));
	}

	@Test
	void usernamesCompareWithoutCase() {
		fail("Alice", "10.0.0.1", 3);
		fail("ALICE", "10.0.0.1", 3);
		assertThat(this.throttle.check("alice", "10.0.0.1")).isPresent();
	}

	@Test
	void countersIdleForADayStartAgain() {
		fail("alice", "10.0.0.1", 30);
		this.clock.advance(Duration.ofHours(24).plusSeconds(1));
		assertThat(this.throttle.check("alice", "10.0.0.1")).isEmpty();
		fail("alice", "10.0.0.1", 1);
		assertThat(this.throttle.check("alice", "10.0.0.1")).isEmpty();
	}

	@Test
	void memoryIsBoundedByEvictingTheOldestCounters() {
		SignInThrottle small = new SignInThrottle(new Limits(5, 20, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
				Duration.ofSeconds(30), Duration.ofHours(24), 10), this.clock);
		for (int i = 0; i < 6; i++) {
			small.failed("alice", "10.0.0.1");
		}
		assertThat(small.check("alice", "10.0.0.1")).isPresent();
		for (int i = 0; i < 100; i++) {
			small.failed("user" + i, "10.0.9." + i);
		}
		assertThat(small.size()).isEqualTo(30);
		assertThat(small.check("alice", "10.0.0.1")).isEmpty();
	}

	@Test
	void aMissingUsernameOrAddressIsCountedLikeAnyOther() {
		fail(null, null, 6);
		assertThat(this.throttle.check(null, null)).isPresent();
		assertThat(this.throttle.check("", "")).isPresent();
	}

	private void fail(String username, String address, int times) {
		for (int i = 0; i < times; i++) {
			this.throttle.failed(username, address);
		}
	}

}
