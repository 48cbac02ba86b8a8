package dev.tessera.auth.user.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a sign-in must wait after failures, so that guessing passwords is slow while
 * an attacker elsewhere cannot lock a real user out. Failures are counted three ways:
 * <ul>
 * <li>per (username, address): {@link Limits#pairFree} free failures, then a delay of
 * {@link Limits#firstDelay} doubling with each further failure up to
 * {@link Limits#pairMaxDelay}; a successful sign-in resets it;</li>
 * <li>per address, over every username: the same growth after {@link Limits#addressFree}
 * failures (higher, as several people may share an address);</li>
 * <li>per username, over every address: only past {@link Limits#usernameFree} failures,
 * and capped low at {@link Limits#usernameMaxDelay}, so a distributed guesser is slowed
 * but the real user, from another address, waits at most a few seconds, never
 * minutes.</li>
 * </ul>
 * A refused attempt is not counted (the password is never checked). A counter whose last
 * failure is older than {@link Limits#forgetAfter} starts again from zero.
 *
 * <p>
 * Memory is bounded: each of the three tables holds at most {@link Limits#maxEntries}
 * counters and drops the least recently failed one when full. An attacker with very many
 * source addresses can therefore push counters out; one address cannot push out its own
 * address counter, which every one of its failures refreshes.
 *
 * <p>
 * Counters live in this node's memory only: behind a load balancer each node counts what
 * it sees, so the effective number of free attempts is multiplied by the number of nodes,
 * and a restart forgets them. Thread-safe (one lock: sign-in is rare next to the password
 * hash it guards).
 */
public final class SignInThrottle {

	/** Why an attempt was refused (the audit detail's {@code reason}). */
	public enum Reason {

		USERNAME_ADDRESS("username_address"), ADDRESS("address"), USERNAME("username");

		private final String auditName;

		Reason(String auditName) {
			this.auditName = auditName;
		}

		public String auditName() {
			return this.auditName;
		}

	}

	/** A refused attempt: why, and how many whole seconds until the next one may try. */
	public record Refusal(Reason reason, long retryAfterSeconds) {
	}

	/**
	 * The numbers of the rule.
	 *
	 * @param pairFree failures per (username, address) before delays start
	 * @param addressFree failures per address before delays start
	 * @param usernameFree failures per username (all addresses) before delays start
	 * @param firstDelay the first delay, doubled with each further failure
	 * @param pairMaxDelay cap for (username, address) and address delays
	 * @param usernameMaxDelay cap for the per-username delay
	 * @param forgetAfter a counter idle this long starts again
	 * @param maxEntries counters kept per table
	 */
	public record Limits(int pairFree, int addressFree, int usernameFree, Duration firstDelay, Duration pairMaxDelay,
			Duration usernameMaxDelay, Duration forgetAfter, int maxEntries) {

		/**
		 * 5 free per (username, address), 20 per address, 50 per username; 1 s doubling
		 * to 15 minutes (30 s per username); forgotten after 24 h idle; 50,000 counters
		 * per table (a few MB).
		 */
		public static final Limits DEFAULT = new Limits(5, 20, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
				Duration.ofSeconds(30), Duration.ofHours(24), 50_000);

	}

	private static final int MAX_KEY_LENGTH = 200;

	private final Limits limits;

	private final Clock clock;

	private final Map<String, Counter> pairs;

	private final Map<String, Counter> addresses;

	private final Map<String, Counter> usernames;

	public SignInThrottle(Limits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
		this.pairs = boundedMap(limits.maxEntries());
		this.addresses = boundedMap(limits.maxEntries());
		this.usernames = boundedMap(limits.maxEntries());
	}

	/**
	 * Whether this attempt must wait; asked before the password is checked.
	 * @return the longest wait that applies, or empty when the attempt may go ahead
	 */
	public synchronized Optional<Refusal> check(String username, String address) {
		Instant now = this.clock.instant();
		String user = normalize(username);
		String from = normalize(address);
		Refusal refusal = null;
		refusal = longer(refusal, wait(this.pairs.get(pairKey(user, from)), now, this.limits.pairFree(),
				this.limits.pairMaxDelay(), Reason.USERNAME_ADDRESS));
		refusal = longer(refusal, wait(this.addresses.get(from), now, this.limits.addressFree(),
				this.limits.pairMaxDelay(), Reason.ADDRESS));
		refusal = longer(refusal, wait(this.usernames.get(user), now, this.limits.usernameFree(),
				this.limits.usernameMaxDelay(), Reason.USERNAME));
		return Optional.ofNullable(refusal);
	}

	/** Counts a failed sign-in (wrong password, unknown or disabled user alike). */
	public synchronized void failed(String username, String address) {
		Instant now = this.clock.instant();
		String user = normalize(username);
		String from = normalize(address);
		count(this.pairs, pairKey(user, from), now);
		count(this.addresses, from, now);
		count(this.usernames, user, now);
	}

	/**
	 * A successful sign-in forgives that username's failures from that address; the
	 * address and username counters stay (one valid account must not reset them).
	 */
	public synchronized void succeeded(String username, String address) {
		this.pairs.remove(pairKey(normalize(username), normalize(address)));
	}

	private void count(Map<String, Counter> table, String key, Instant now) {
		Counter counter = table.remove(key); // re-inserted: most recent last
		if (counter == null || isForgotten(counter, now)) {
			counter = new Counter();
		}
		counter.failures++;
		counter.lastFailure = now;
		table.put(key, counter);
	}

	private Refusal wait(Counter counter, Instant now, int free, Duration cap, Reason reason) {
		if (counter == null || counter.failures <= free || isForgotten(counter, now)) {
			return null;
		}
		Duration delay = delay(counter.failures - free, cap);
		Duration remaining = Duration.between(now, counter.lastFailure.plus(delay));
		if (remaining.isNegative() || remaining.isZero()) {
			return null;
		}
		long seconds = remaining.getSeconds() + ((remaining.getNano() > 0) ? 1 : 0);
		return new Refusal(reason, Math.max(1, seconds));
	}

	/** {@code firstDelay * 2^(excess-1)}, capped. */
	private Duration delay(int excess, Duration cap) {
		int doublings = Math.min(excess - 1, 40);
		Duration delay = this.limits.firstDelay().multipliedBy(1L << doublings);
		return (delay.compareTo(cap) > 0) ? cap : delay;
	}

	private boolean isForgotten(Counter counter, Instant now) {
		return counter.lastFailure.plus(this.limits.forgetAfter()).isBefore(now);
	}

	private static Refusal longer(Refusal current, Refusal candidate) {
		if (candidate == null) {
			return current;
		}
		return (current == null || candidate.retryAfterSeconds() > current.retryAfterSeconds()) ? candidate : current;
	}

	/**
	 * Usernames compare case-insensitively here, so case variants of one name share its
	 * counters; long values are cut so a key stays small.
	 */
	private static String normalize(String value) {
		String text = (value != null) ? value.strip().toLowerCase(Locale.ROOT) : "";
		return (text.length() > MAX_KEY_LENGTH) ? text.substring(0, MAX_KEY_LENGTH) : text;
	}

	private static String pairKey(String username, String address) {
		return username + '\n' + address;
	}

	private static Map<String, Counter> boundedMap(int maxEntries) {
		return new LinkedHashMap<>(1024, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
				return size() > maxEntries;
			}

		};
	}

	/** Forgets every counter (tests sharing one server start from a clean slate). */
	synchronized void clear() {
		this.pairs.clear();
		this.addresses.clear();
		this.usernames.clear();
	}

	synchronized int size() {
		return this.pairs.size() + this.addresses.size() + this.usernames.size();
	}

	private static final class Counter {

		int failures;

		Instant lastFailure;

	}

}
