package dev.tessera.auth.client.throttle;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Attempt;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Decision;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Limits;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Reason;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle.Refusal;
import dev.tessera.auth.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The throttle's rule on a clock the test moves: each bucket refuses once its burst of
 * failures is spent and lets one more through per refill, refusals cost nothing, and no
 * attacker elsewhere can lock a client out of an address it authenticated from or of a
 * new one.
 */
class ClientAuthenticationThrottleTest {

	private static final String ATTACKER = "203.0.113.7";

	private static final String CLIENT_HOST = "198.51.100.20";

	/**
	 * 3 per (client, address) per 10 s; 10 per address per 1 s; 20 per client per 1 s.
	 */
	private static final Limits LIMITS = new Limits(3, Duration.ofSeconds(10), 10, Duration.ofSeconds(1), 20,
			Duration.ofSeconds(1), Duration.ofDays(7), 10_000);

	private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-11-30T10:00:00Z"));

	private final ClientAuthenticationThrottle throttle = new ClientAuthenticationThrottle(LIMITS, this.clock);

	@Test
	void aClientIdFromOneAddressWaitsOnceItsBurstIsSpentAndOneMorePerRefill() {
		fail("victim", ATTACKER, 3);

		assertThat(check("victim", ATTACKER)).isEqualTo(new Refusal(Reason.CLIENT_ADDRESS, 10));
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(check("victim", ATTACKER)).isEqualTo(new Refusal(Reason.CLIENT_ADDRESS, 6));
		this.clock.advance(Duration.ofSeconds(6));
		attempt("victim", ATTACKER).failed("victim");
		assertThat(check("victim", ATTACKER)).isInstanceOf(Refusal.class);
		assertThat(check("other", ATTACKER)).as("another client id from there").isInstanceOf(Attempt.class);
		assertThat(check("victim", CLIENT_HOST)).as("that client id from elsewhere").isInstanceOf(Attempt.class);
	}

	@Test
	void anAddressWaitsOnceItFailedForTooManyClientIds() {
		for (int i = 0; i < 10; i++) {
			fail("guess-" + i, ATTACKER, 1);
		}
		assertThat(check("guess-new", ATTACKER)).isEqualTo(new Refusal(Reason.ADDRESS, 1));
		assertThat(check("guess-new", CLIENT_HOST)).isInstanceOf(Attempt.class);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(check("guess-new", ATTACKER)).isInstanceOf(Attempt.class);
	}

	@Test
	void aNeighboursFailuresDoNotSlowAClientKnownAtTheSharedAddress() {
		attempt("known", ATTACKER).succeeded("known");
		for (int i = 0; i < 10; i++) {
			fail("guess-" + i, ATTACKER, 1);
		}
		assertThat(check("guess-new", ATTACKER)).isEqualTo(new Refusal(Reason.ADDRESS, 1));
		assertThat(check("known", ATTACKER)).as("known at that address").isInstanceOf(Attempt.class);
		fail("known", ATTACKER, 3);
		assertThat(check("known", ATTACKER)).as("its own pair bucket still holds")
			.isEqualTo(new Refusal(Reason.CLIENT_ADDRESS, 10));
	}

	@Test
	void refusedRequestsAreNotCounted() {
		fail("victim", ATTACKER, 3);
		for (int i = 0; i < 100; i++) {
			assertThat(check("victim", ATTACKER)).isInstanceOf(Refusal.class);
		}
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(check("victim", ATTACKER)).as("refusals drained nothing").isInstanceOf(Attempt.class);
	}

	@Test
	void aDistributedAttackDoesNotLockTheClientOutOfItsKnownAddressNorOfANewOne() {
		attempt("victim", CLIENT_HOST).succeeded("victim");
		for (int host = 0; host < 30; host++) {
			fail("victim", "192.0.2." + host, 1);
		}
		assertThat(check("victim", "192.0.2.1")).as("an attacking address that failed for it")
			.isEqualTo(new Refusal(Reason.CLIENT, 11));
		assertThat(check("victim", CLIENT_HOST)).as("the address the client authenticated from")
			.isInstanceOf(Attempt.class);
		assertThat(check("victim", "198.51.100.99")).as("a new address of the client, never failed")
			.isInstanceOf(Attempt.class);

		// even failures from the known address neither wait for nor drain the client's
		// bucket
		fail("victim", CLIENT_HOST, 2);
		assertThat(check("victim", CLIENT_HOST)).isInstanceOf(Attempt.class);
	}

	@Test
	void aKnownAddressIsForgottenAfterItsTime() {
		attempt("victim", CLIENT_HOST).succeeded("victim");
		this.clock.advance(Duration.ofDays(7).plusSeconds(1));
		fail("victim", CLIENT_HOST, 1);
		for (int host = 0; host < 30; host++) {
			fail("victim", "192.0.2." + host, 1);
		}
		assertThat(check("victim", CLIENT_HOST)).isEqualTo(new Refusal(Reason.CLIENT, 12));
	}

	@Test
	void aSuccessForgivesThatClientsFailuresFromThatAddress() {
		fail("victim", CLIENT_HOST, 3);
		assertThat(check("victim", CLIENT_HOST)).isInstanceOf(Refusal.class);
		this.clock.advance(Duration.ofSeconds(10));
		attempt("victim", CLIENT_HOST).succeeded("victim");
		fail("victim", CLIENT_HOST, 2);
		assertThat(check("victim", CLIENT_HOST)).as("2 of 3 spent since the success").isInstanceOf(Attempt.class);
	}

	@Test
	void anIpv6NetworkIsOneAddress() {
		for (int i = 0; i < 10; i++) {
			fail("guess-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
		}
		assertThat(check("guess-new", "2001:db8:1:2:ffff::1")).isEqualTo(new Refusal(Reason.ADDRESS, 1));
		assertThat(check("guess-new", "2001:db8:1:3::1")).isInstanceOf(Attempt.class);
	}

	@Test
	void failuresCountedAfterParallelChecksPassedPutTheBucketInDebt() {
		Attempt[] inFlight = new Attempt[8];
		for (int i = 0; i < inFlight.length; i++) {
			inFlight[i] = attempt("victim", ATTACKER);
		}
		for (Attempt attempt : inFlight) {
			attempt.failed("victim");
		}
		// 3 held, 8 spent: in debt (at most a burst deep), and the next failure needs the
		// debt and one more refilled
		assertThat(check("victim", ATTACKER)).isEqualTo(new Refusal(Reason.CLIENT_ADDRESS, 40));
	}

	@Test
	void memoryIsBoundedWhateverTheNumberOfAddresses() {
		ClientAuthenticationThrottle small = new ClientAuthenticationThrottle(new Limits(3, Duration.ofSeconds(10), 10,
				Duration.ofSeconds(1), 20, Duration.ofSeconds(1), Duration.ofDays(7), 100), this.clock);
		for (int i = 0; i < 5_000; i++) {
			String address = "10." + (i / 65536) + "." + ((i / 256) % 256) + "." + (i % 256);
			String clientId = "id-" + i;
			((Attempt) small.check(address, () -> clientId)).failed(clientId);
		}
		assertThat(small.sizes().values()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(100));
	}

	@Test
	void anAddressWhoseBucketsAreFullAgainIsForgotten() {
		fail("victim", ATTACKER, 3);
		this.clock.advance(Duration.ofSeconds(61)); // 2 × 3 × 10 s: full even from debt
		assertThat(check("victim", ATTACKER)).isInstanceOf(Attempt.class);
		assertThat(this.throttle.sizes()).containsEntry("addresses", 0L);
	}

	@Test
	void limitsMustLetSomethingThrough() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Limits(0, Duration.ofSeconds(1), 1,
				Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ofDays(1), 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Limits(1, Duration.ZERO, 1, Duration.ofSeconds(1), 1,
				Duration.ofSeconds(1), Duration.ofDays(1), 1));
	}

	private Decision check(String clientId, String address) {
		return this.throttle.check(address, () -> clientId);
	}

	private Attempt attempt(String clientId, String address) {
		Decision decision = check(clientId, address);
		assertThat(decision).as(clientId + " from " + address).isInstanceOf(Attempt.class);
		return (Attempt) decision;
	}

	private void fail(String clientId, String address, int times) {
		for (int i = 0; i < times; i++) {
			attempt(clientId, address).failed(clientId);
		}
	}

}
