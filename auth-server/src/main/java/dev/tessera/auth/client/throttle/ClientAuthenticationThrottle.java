package dev.tessera.auth.client.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tessera.auth.web.SourceNetworks;

/**
 * How many failed client authentications a caller may make before it must wait, checked
 * before any credential is looked at, so that guessing or flooding costs the server no
 * secret hash, no assertion verification and no client lookup. Failures drain token
 * buckets (a bucket holds {@code burst} failures and regains one every {@code refill}; a
 * request is refused while its bucket is empty), kept three ways:
 * <ul>
 * <li>per (claimed client id, address) ({@link Reason#CLIENT_ADDRESS}): the tightest; a
 * successful authentication of that client from that address forgives its failures
 * (looked at once a minute at most, to keep successes cheap);</li>
 * <li>per address, over every client id ({@link Reason#ADDRESS}): one source cannot
 * spread its guesses over many client ids. It slows everyone behind that address (a NAT,
 * an IPv6 /64) except a client id that authenticated successfully from it within
 * {@link Limits#knownAddressFor}: so a neighbour's failures cannot slow a known client
 * there (a guesser claiming that client id is still held by the pair bucket);</li>
 * <li>per client id, over every address ({@link Reason#CLIENT}): much more generous, and
 * built so that an attacker cannot lock the real client out. It is not consulted for an
 * address that has not failed for that client id (so a client's first attempt from a new
 * address always gets through), nor for an address from which that client authenticated
 * successfully within {@link Limits#knownAddressFor} (its failures neither wait for it
 * nor drain it). A client id nobody claimed (an assertion without {@code client_id}) has
 * no per-client bucket.</li>
 * </ul>
 * An address is an IPv4 address as it is, or an IPv6 address's /64
 * ({@link SourceNetworks}).
 *
 * <p>
 * A check does not reserve anything: parallel attempts from one source that all pass the
 * check before the first failure is counted put their buckets in debt (down to
 * {@code -burst}), which later requests wait off, so the long-run rate stays the refill
 * rate and the burst can be overshot only by what is in flight at once. A refused request
 * is not counted (it cost nothing).
 *
 * <p>
 * Cost on the path of a client that authenticates: the check is one map lookup (the
 * address's bucket; nothing more unless that address failed recently: an address's
 * buckets are forgotten once they are full again), a success one more (its known address,
 * rewritten at most once a minute). Memory is bounded: each of the four tables (pairs,
 * addresses, client ids, known addresses) holds at most {@link Limits#maxEntries}
 * entries; beyond that Caffeine evicts by recency and frequency (W-TinyLFU), which keeps
 * the busy entries of an attacker's own addresses and lets one-off keys go first. An
 * attacker with more addresses (IPv4 addresses or IPv6 /64s) than that can have some of
 * its buckets forgotten and start them full again; with many addresses it gets
 * {@code burst} failures per address and then the refill rate per address, and it cannot
 * push out known addresses, which only successful authentications add. Buckets live in
 * this node's memory: behind a load balancer each node counts what it sees, so the
 * effective limits are multiplied by the number of nodes, and a restart forgets them.
 */
public final class ClientAuthenticationThrottle {

	/** Which bucket refused a request (the audit detail's {@code reason}). */
	public enum Reason {

		CLIENT_ADDRESS("client_address"), ADDRESS("address"), CLIENT("client");

		private final String auditName;

		Reason(String auditName) {
			this.auditName = auditName;
		}

		public String auditName() {
			return this.auditName;
		}

	}

	/**
	 * The numbers of the rule: for each bucket, how many failures it holds and how long
	 * it takes to regain one.
	 *
	 * @param clientAddressBurst failures per (client id, address) before waiting
	 * @param clientAddressRefill time to regain one of them
	 * @param addressBurst failures per address (all client ids) before waiting
	 * @param addressRefill time to regain one of them
	 * @param clientBurst failures per client id (all addresses but known ones)
	 * @param clientRefill time to regain one of them
	 * @param knownAddressFor how long an address stays exempt from its client's bucket
	 * after that client authenticated from it
	 * @param maxEntries entries kept per table
	 */
	public record Limits(int clientAddressBurst, Duration clientAddressRefill, int addressBurst, Duration addressRefill,
			int clientBurst, Duration clientRefill, Duration knownAddressFor, int maxEntries) {

		public Limits {
			if (clientAddressBurst < 1 || addressBurst < 1 || clientBurst < 1 || maxEntries < 1) {
				throw new IllegalArgumentException("Client authentication throttle: bursts and entries must be >= 1");
			}
			if (!isPositive(clientAddressRefill) || !isPositive(addressRefill) || !isPositive(clientRefill)) {
				throw new IllegalArgumentException("Client authentication throttle: refill times must be positive");
			}
		}

		private static boolean isPositive(Duration duration) {
			return duration != null && duration.toMillis() > 0;
		}

	}

	/** What {@link #check} answers: an {@link Attempt} or a {@link Refusal}. */
	public sealed interface Decision permits Attempt, Refusal {

	}

	/** A refused request: which bucket, and whole seconds until it may try again. */
	public record Refusal(Reason reason, long retryAfterSeconds) implements Decision {
	}

	/**
	 * A request allowed to authenticate: report its outcome with {@link #failed} or
	 * {@link #succeeded}.
	 */
	public final class Attempt implements Decision {

		private final String address;

		private Attempt(String address) {
			this.address = address;
		}

		/** The client authentication failed for the client id the caller claimed. */
		public void failed(String claimedClientId) {
			ClientAuthenticationThrottle.this.failed(clientIdKey(claimedClientId), this.address);
		}

		/** The client authenticated: its address becomes known for it. */
		public void succeeded(String clientId) {
			ClientAuthenticationThrottle.this.succeeded(clientIdKey(clientId), this.address);
		}

	}

	private static final long KNOWN_REFRESH_MILLIS = 60_000;

	private final Limits limits;

	private final Clock clock;

	/** How long after its last failure every bucket of an address is full again. */
	private final long forgetAfterMillis;

	private final Cache<String, Bucket> pairs;

	private final Cache<String, Bucket> addresses;

	private final Cache<String, Bucket> clients;

	/** (client id, address) to the last successful authentication, in epoch millis. */
	private final Cache<String, Long> known;

	public ClientAuthenticationThrottle(Limits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
		this.forgetAfterMillis = Math.max(fullAfter(limits.addressBurst(), limits.addressRefill()),
				fullAfter(limits.clientAddressBurst(), limits.clientAddressRefill()));
		this.pairs = table(limits.maxEntries());
		this.addresses = table(limits.maxEntries());
		this.clients = table(limits.maxEntries());
		this.known = table(limits.maxEntries());
	}

	/**
	 * Asked before the request's credentials are looked at.
	 * @param address the request's source address
	 * @param claimedClientId the client id the request claims (unverified); read only if
	 * the address failed recently
	 * @return an {@link Attempt} to report the outcome to, or a {@link Refusal}
	 */
	public Decision check(String address, Supplier<String> claimedClientId) {
		String from = SourceNetworks.of(address);
		Bucket addressBucket = this.addresses.getIfPresent(from);
		if (addressBucket == null) {
			return new Attempt(from);
		}
		long now = this.clock.millis();
		if (now - addressBucket.lastFailure() > this.forgetAfterMillis) {
			// every bucket of this address is full again: as if it never failed
			this.addresses.asMap().remove(from, addressBucket);
			return new Attempt(from);
		}
		Refusal refusal = addressBucket.refusal(now, this.limits.addressBurst(), this.limits.addressRefill(),
				Reason.ADDRESS);
		String clientId = clientIdKey(claimedClientId.get());
		if (refusal != null && !clientId.isEmpty() && isKnown(clientId, from, now)) {
			// a client known at this address is not slowed by its neighbours' failures
			// (behind one NAT or IPv6 /64); its own pair bucket still applies
			refusal = null;
		}
		Bucket pair = this.pairs.getIfPresent(pairKey(clientId, from));
		if (pair != null) {
			refusal = longer(refusal, pair.refusal(now, this.limits.clientAddressBurst(),
					this.limits.clientAddressRefill(), Reason.CLIENT_ADDRESS));
			Bucket client = clientId.isEmpty() ? null : this.clients.getIfPresent(clientId);
			if (client != null) {
				Refusal clientRefusal = client.refusal(now, this.limits.clientBurst(), this.limits.clientRefill(),
						Reason.CLIENT);
				if (clientRefusal != null && !isKnown(clientId, from, now)) {
					refusal = longer(refusal, clientRefusal);
				}
			}
		}
		return (refusal != null) ? refusal : new Attempt(from);
	}

	private void failed(String clientId, String from) {
		long now = this.clock.millis();
		this.addresses.get(from, key -> new Bucket(this.limits.addressBurst(), now))
			.take(now, this.limits.addressBurst(), this.limits.addressRefill());
		this.pairs.get(pairKey(clientId, from), key -> new Bucket(this.limits.clientAddressBurst(), now))
			.take(now, this.limits.clientAddressBurst(), this.limits.clientAddressRefill());
		if (!clientId.isEmpty() && !isKnown(clientId, from, now)) {
			this.clients.get(clientId, key -> new Bucket(this.limits.clientBurst(), now))
				.take(now, this.limits.clientBurst(), this.limits.clientRefill());
		}
	}

	private void succeeded(String clientId, String from) {
		String pair = pairKey(clientId, from);
		long now = this.clock.millis();
		Long lastSuccess = this.known.getIfPresent(pair);
		if (lastSuccess == null || now - lastSuccess >= KNOWN_REFRESH_MILLIS || now < lastSuccess) {
			this.known.put(pair, now);
			// rare (a new address, or once a minute): forgive this pair's failures
			this.pairs.invalidate(pair);
		}
	}

	private boolean isKnown(String clientId, String from, long now) {
		Long lastSuccess = this.known.getIfPresent(pairKey(clientId, from));
		return lastSuccess != null && now - lastSuccess <= this.limits.knownAddressFor().toMillis();
	}

	/** From the deepest debt ({@code -burst}) to full. */
	private static long fullAfter(int burst, Duration refill) {
		return (2L * burst) * refill.toMillis();
	}

	private static Refusal longer(Refusal current, Refusal candidate) {
		if (candidate == null) {
			return current;
		}
		return (current == null || candidate.retryAfterSeconds() > current.retryAfterSeconds()) ? candidate : current;
	}

	/**
	 * Client ids compare as given (the caller bounds their length: the protocol layer
	 * passes audit-safe ids, at most 100 characters); none is the empty id.
	 */
	private static String clientIdKey(String clientId) {
		return (clientId != null) ? clientId : "";
	}

	private static String pairKey(String clientId, String address) {
		return clientId + '\n' + address;
	}

	private static <V> Cache<String, V> table(int maxEntries) {
		// evictions run on the caller's thread, so the bound holds without a background
		// pool
		return Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
	}

	/**
	 * Forgets every bucket and known address (tests sharing one server start from a clean
	 * slate).
	 */
	public void clear() {
		this.pairs.invalidateAll();
		this.addresses.invalidateAll();
		this.clients.invalidateAll();
		this.known.invalidateAll();
	}

	/** How many entries the tables hold (for tests of the bound). */
	Map<String, Long> sizes() {
		this.pairs.cleanUp();
		this.addresses.cleanUp();
		this.clients.cleanUp();
		this.known.cleanUp();
		return Map.of("pairs", this.pairs.estimatedSize(), "addresses", this.addresses.estimatedSize(), "clients",
				this.clients.estimatedSize(), "known", this.known.estimatedSize());
	}

	/**
	 * A token bucket: how many failures it still holds, as of when. Negative while in
	 * debt (failures counted after parallel checks passed).
	 */
	private static final class Bucket {

		private double tokens;

		private long updatedAt;

		private volatile long lastFailure;

		Bucket(int burst, long now) {
			this.tokens = burst;
			this.updatedAt = now;
			this.lastFailure = now;
		}

		synchronized void take(long now, int burst, Duration refill) {
			refill(now, burst, refill);
			this.tokens = Math.max(this.tokens - 1, -burst);
			this.lastFailure = now;
		}

		long lastFailure() {
			return this.lastFailure;
		}

		/** Null while the bucket holds a failure, else how long until it does. */
		synchronized Refusal refusal(long now, int burst, Duration refill, Reason reason) {
			refill(now, burst, refill);
			if (this.tokens >= 1) {
				return null;
			}
			double millis = (1 - this.tokens) * refill.toMillis();
			long seconds = (long) Math.ceil(millis / 1000);
			return new Refusal(reason, Math.max(1, seconds));
		}

		private void refill(long now, int burst, Duration refill) {
			if (now > this.updatedAt) {
				this.tokens = Math.min(burst, this.tokens + (double) (now - this.updatedAt) / refill.toMillis());
			}
			this.updatedAt = now; // a clock set back does not refill later
		}

	}

}
