package dev.tessera.auth.user.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.tessera.auth.web.SourceNetworks;

/**
 * How long a sign-in must wait after failures, so that guessing passwords is slow while
 * an attacker elsewhere cannot lock a real user out. Each attempt is
 * {@linkplain #tryAcquire(String, String) reserved} before its password is checked and
 * counted as a failure at once, so parallel guesses cannot all slip through before the
 * first one is counted; a {@linkplain #succeeded(Permit) success} takes its reservation
 * back, a failure keeps it (an attempt whose outcome never arrives stays counted).
 * Failures are counted three ways:
 * <ul>
 * <li>per (username, address): {@link Limits#pairFree} free attempts, then a delay of
 * {@link Limits#firstDelay} after the last failure, doubling with each further failure up
 * to {@link Limits#pairMaxDelay}; a successful sign-in resets it;</li>
 * <li>per address, over every username: the same growth after {@link Limits#addressFree}
 * failures (higher, as several people may share an address);</li>
 * <li>per username, over every address: only after {@link Limits#usernameFree} failures,
 * and capped at {@link Limits#usernameMaxDelay}. An address from which that user signed
 * in successfully within {@link Limits#knownAddressFor} is exempt from this counter (its
 * attempts neither wait for it nor add to it).</li>
 * </ul>
 * So a user who signed in before from an address is never slowed by failures from
 * elsewhere (on this node, while it remembers that address: see below); a user on a new
 * address may wait up to {@link Limits#usernameMaxDelay} (30 s) per attempt while a
 * distributed guess is under way, for as long as it lasts. An address is an IPv4 address
 * as it is, or an IPv6 address's /64 prefix (one host or network usually holds a whole
 * /64); an IPv4-mapped IPv6 address counts as its IPv4 address. A refused attempt is not
 * counted (the password is never checked). A counter whose last failure is older than
 * {@link Limits#forgetAfter} starts again from zero.
 *
 * <p>
 * Memory is bounded: each of the three tables, and the table of known (username, address)
 * pairs, holds at most {@link Limits#maxEntries} entries and drops the least recently
 * refreshed one when full. An attacker with very many source addresses can therefore push
 * counters out; one address cannot push out its own address counter, which every one of
 * its failures refreshes. Known pairs are added only by successful sign-ins, so pushing
 * one out takes as many successful sign-ins (not guesses).
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

		USERNAME_ADDRESS("username_address"), ADDRESS("address"), USERNAME("username"),

		/**
		 * Too many passwords being checked on this node at once
		 * ({@link SignInThrottleFilter}).
		 */
		BUSY("busy");

		private final String auditName;

		Reason(String auditName) {
			this.auditName = auditName;
		}

		public String auditName() {
			return this.auditName;
		}

	}

	/** What {@link #tryAcquire} answers: a {@link Permit} or a {@link Refusal}. */
	public sealed interface Attempt permits Permit, Refusal {

	}

	/** A refused attempt: why, and how many whole seconds until the next one may try. */
	public record Refusal(Reason reason, long retryAfterSeconds) implements Attempt {
	}

	/**
	 * An attempt that may check its password, already counted as a failure; what the
	 * counters were before, so that a success can take it back exactly.
	 */
	public static final class Permit implements Attempt {

		/** The request attribute the filter leaves it in for the success handler. */
		public static final String ATTRIBUTE = Permit.class.getName();

		private final String user;

		private final String from;

		private final Instant at;

		private final Instant pairBefore;

		private final Instant addressBefore;

		private final Instant usernameBefore;

		private final boolean usernameCounted;

		private Permit(String user, String from, Instant at, Instant pairBefore, Instant addressBefore,
				Instant usernameBefore, boolean usernameCounted) {
			this.user = user;
			this.from = from;
			this.at = at;
			this.pairBefore = pairBefore;
			this.addressBefore = addressBefore;
			this.usernameBefore = usernameBefore;
			this.usernameCounted = usernameCounted;
		}

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
	 * @param knownAddressFor how long an address stays exempt from the username counter
	 * after that user signed in from it
	 * @param maxEntries entries kept per table
	 */
	public record Limits(int pairFree, int addressFree, int usernameFree, Duration firstDelay, Duration pairMaxDelay,
			Duration usernameMaxDelay, Duration forgetAfter, Duration knownAddressFor, int maxEntries) {

		/**
		 * 5 free per (username, address), 20 per address, 50 per username; 1 s doubling
		 * to 15 minutes (30 s per username); forgotten after 24 h idle; an address known
		 * for 30 days after a success; 50,000 entries per table (a few MB).
		 */
		public static final Limits DEFAULT = new Limits(5, 20, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
				Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofDays(30), 50_000);

	}

	private static final int MAX_KEY_LENGTH = 200;

	private final Limits limits;

	private final Clock clock;

	private final Map<String, Counter> pairs;

	private final Map<String, Counter> addresses;

	private final Map<String, Counter> usernames;

	/** (username, address) to its last successful sign-in. */
	private final Map<String, Instant> known;

	public SignInThrottle(Limits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
		this.pairs = boundedMap(limits.maxEntries());
		this.addresses = boundedMap(limits.maxEntries());
		this.usernames = boundedMap(limits.maxEntries());
		this.known = boundedMap(limits.maxEntries());
	}

	/**
	 * Asked before the password is checked: either the longest wait that applies, or a
	 * permit for which a failure has been counted already (check and count are one step,
	 * so parallel attempts cannot all pass the check). Report a success with
	 * {@link #succeeded(Permit)}; a failure needs no call.
	 */
	public synchronized Attempt tryAcquire(String username, String address) {
		Instant now = this.clock.instant();
		String user = normalize(username);
		String from = addressKey(address);
		String pair = pairKey(user, from);
		boolean usernameCounted = !isKnown(pair, now);
		Refusal refusal = null;
		refusal = longer(refusal, wait(this.pairs.get(pair), now, this.limits.pairFree(), this.limits.pairMaxDelay(),
				Reason.USERNAME_ADDRESS));
		refusal = longer(refusal, wait(this.addresses.get(from), now, this.limits.addressFree(),
				this.limits.pairMaxDelay(), Reason.ADDRESS));
		if (usernameCounted) {
			refusal = longer(refusal, wait(this.usernames.get(user), now, this.limits.usernameFree(),
					this.limits.usernameMaxDelay(), Reason.USERNAME));
		}
		if (refusal != null) {
			return refusal;
		}
		Instant pairBefore = count(this.pairs, pair, now);
		Instant addressBefore = count(this.addresses, from, now);
		Instant usernameBefore = usernameCounted ? count(this.usernames, user, now) : null;
		return new Permit(user, from, now, pairBefore, addressBefore, usernameBefore, usernameCounted);
	}

	/**
	 * The permitted attempt signed in: its reservation is taken back from the address and
	 * username counters (one valid account must not reset them), that username's failures
	 * from that address are forgiven, and the address becomes known for that username.
	 */
	public synchronized void succeeded(Permit permit) {
		uncount(this.addresses, permit.from, permit.at, permit.addressBefore);
		if (permit.usernameCounted) {
			uncount(this.usernames, permit.user, permit.at, permit.usernameBefore);
		}
		forgive(permit.user, permit.from);
	}

	/**
	 * The permitted attempt did not get to check its password (the node was busy): it is
	 * not counted.
	 */
	public synchronized void cancelled(Permit permit) {
		uncount(this.pairs, pairKey(permit.user, permit.from), permit.at, permit.pairBefore);
		uncount(this.addresses, permit.from, permit.at, permit.addressBefore);
		if (permit.usernameCounted) {
			uncount(this.usernames, permit.user, permit.at, permit.usernameBefore);
		}
	}

	/**
	 * A sign-in that succeeded without a {@link Permit} (none reserved): forgives and
	 * remembers like {@link #succeeded(Permit)}, with nothing to take back.
	 */
	public synchronized void succeeded(String username, String address) {
		forgive(normalize(username), addressKey(address));
	}

	/**
	 * Counts a failure whatever the waits, as a permit whose outcome was a failure does
	 * (for tests that need many failures at once).
	 */
	synchronized void failed(String username, String address) {
		Instant now = this.clock.instant();
		String user = normalize(username);
		String from = addressKey(address);
		String pair = pairKey(user, from);
		count(this.pairs, pair, now);
		count(this.addresses, from, now);
		if (!isKnown(pair, now)) {
			count(this.usernames, user, now);
		}
	}

	private void forgive(String user, String from) {
		String pair = pairKey(user, from);
		this.pairs.remove(pair);
		this.known.remove(pair); // re-inserted: most recent last
		this.known.put(pair, this.clock.instant());
	}

	private boolean isKnown(String pair, Instant now) {
		Instant lastSuccess = this.known.get(pair);
		return lastSuccess != null && !lastSuccess.plus(this.limits.knownAddressFor()).isBefore(now);
	}

	/** Adds a failure; returns the counter's last failure before it (null if none). */
	private Instant count(Map<String, Counter> table, String key, Instant now) {
		Counter counter = table.remove(key); // re-inserted: most recent last
		if (counter == null || isForgotten(counter, now)) {
			counter = new Counter();
		}
		Instant before = counter.lastFailure;
		counter.failures++;
		counter.lastFailure = now;
		table.put(key, counter);
		return before;
	}

	/**
	 * Takes back one failure counted at {@code at}; if none came after it, the last
	 * failure is again the one {@code before} it, so taking back does not restart a wait.
	 */
	private void uncount(Map<String, Counter> table, String key, Instant at, Instant before) {
		Counter counter = table.get(key);
		if (counter == null || counter.failures == 0) {
			return;
		}
		counter.failures--;
		if (counter.failures == 0) {
			table.remove(key);
		}
		else if (at.equals(counter.lastFailure) && before != null) {
			counter.lastFailure = before;
		}
	}

	private Refusal wait(Counter counter, Instant now, int free, Duration cap, Reason reason) {
		if (counter == null || counter.failures < free || isForgotten(counter, now)) {
			return null;
		}
		Duration delay = delay(counter.failures - free + 1, cap);
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

	/**
	 * The network an address stands for ({@link SourceNetworks#of}): an IPv4 address as
	 * it is, an IPv6 address as its /64 prefix.
	 */
	static String addressKey(String address) {
		return SourceNetworks.of(address);
	}

	private static String pairKey(String username, String address) {
		return username + '\n' + address;
	}

	private static <V> Map<String, V> boundedMap(int maxEntries) {
		return new LinkedHashMap<>(1024, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > maxEntries;
			}

		};
	}

	/**
	 * Forgets every counter and known address (tests sharing one server start from a
	 * clean slate: see the test-side {@code SignInThrottles}).
	 */
	synchronized void clear() {
		this.pairs.clear();
		this.addresses.clear();
		this.usernames.clear();
		this.known.clear();
	}

	synchronized int size() {
		return this.pairs.size() + this.addresses.size() + this.usernames.size();
	}

	private static final class Counter {

		int failures;

		Instant lastFailure;

	}

}
