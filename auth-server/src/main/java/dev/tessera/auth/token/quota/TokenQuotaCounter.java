package dev.tessera.auth.token.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.tessera.auth.client.TokenQuota;

/**
 * Counts the access tokens of clients with a quota, per node, and reconciles the count
 * with the other nodes through a {@link QuotaUsageStore} every sync interval: no database
 * read or write per token.
 *
 * <p>
 * Per client, a node keeps what it counted and has not yet added to the store
 * ("unsynced", per UTC hour) and the cluster's totals for the current hour and day as of
 * its last sync ("learned", this node's synced tokens included). A token is refused when
 * learned + unsynced reaches a limit; otherwise it is counted with one compare-and-set.
 * {@link #sync} sends the unsynced counts, takes the new totals, and only then subtracts
 * what it sent, so a token issued meanwhile is counted twice for a moment, never zero
 * times.
 *
 * <p>
 * Overshoot: a node counts its own tokens exactly, and another node's once that node has
 * added them (at its next sync, at most one interval {@code T} after it issued them) and
 * this node has read them (at its own next sync, at most {@code T} later). So in one
 * window the cluster issues at most the limit plus what the other nodes issued in the
 * last {@code 2T} before each node stopped: with {@code N} nodes each issuing {@code r}
 * tokens a second to the client, at most {@code limit + (N - 1) × r × 2T} (plus a sync's
 * duration); typically about {@code (N - 1) × r × T}. A node that stops cleanly adds its
 * counts on the way out; a node that is killed loses at most one interval's count.
 *
 * <p>
 * While the store cannot be reached, each node keeps counting and refuses by the totals
 * it last learned plus its own count; what it counted is added once the store answers
 * again (nothing is lost). After the window the learned totals belong to has passed, a
 * node knows only its own tokens, so during a long outage the cluster may issue up to
 * {@code N} times the limit. (A full database outage stops token issuance anyway: every
 * token's audit event is written to it.)
 */
public class TokenQuotaCounter {

	private static final long HOUR = 3600;

	private static final long DAY = 24 * HOUR;

	private final Clock clock;

	private final QuotaUsageStore store;

	private final Map<String, ClientUsage> clients = new ConcurrentHashMap<>();

	public TokenQuotaCounter(Clock clock, QuotaUsageStore store) {
		this.clock = clock;
		this.store = store;
	}

	/**
	 * Counts one token for the client, or refuses it.
	 * @param clientKey the client's internal id (stable across renames and
	 * re-registrations)
	 * @param quota the client's limits; a client without any is not counted (call this
	 * only for a client with a quota)
	 * @return null when the token may be issued (it is counted), else why not
	 */
	public QuotaRefusal acquire(String clientKey, TokenQuota quota) {
		return (acquireReleasable(clientKey, quota) instanceof QuotaRefusal refusal) ? refusal : null;
	}

	/**
	 * As {@link #acquire}, for a caller that may have to take the token back: the
	 * returned {@link Counted} releases it ({@link Counted#release()}) when the token is
	 * not delivered after all.
	 * @return the counted token, or a {@link QuotaRefusal}
	 */
	Taken acquireReleasable(String clientKey, TokenQuota quota) {
		long now = this.clock.instant().getEpochSecond();
		long hour = Math.floorDiv(now, HOUR);
		long day = Math.floorDiv(now, DAY);
		ClientUsage usage = this.clients.get(clientKey);
		if (usage == null) {
			usage = this.clients.computeIfAbsent(clientKey, key -> new ClientUsage(hour));
		}
		Counting counting = usage.current;
		if (counting.hour != hour) {
			counting = usage.roll(hour);
		}
		while (true) {
			// Read order matters: the unsynced counts first, learned after, every time
			// round. sync() publishes the new learned totals (which include what it sent)
			// and only then subtracts what it sent from unsynced. A read of unsynced that
			// comes after the subtraction is therefore followed by a read of learned that
			// comes after the publication: the sent tokens are in learned. A read of
			// unsynced before the subtraction still holds them. Either way they are
			// counted once or, for a moment, twice; never zero times. (Learned read first
			// could be the old totals, and unsynced read next already subtracted: the
			// sent tokens in neither, one token over the limit per such request.) Both
			// are volatile/atomic reads, so the program order holds across threads.
			long unsynced = counting.unsynced.get();
			long earlier = usage.earlierUnsynced(day);
			betweenReads();
			Learned learned = usage.learned;
			long knownHour = (learned.hour == hour) ? learned.hourTokens : 0;
			long knownDay = ((learned.day == day) ? learned.dayTokens : 0) + earlier;
			boolean overDaily = quota.daily() != null && knownDay + unsynced >= quota.daily();
			boolean overHourly = quota.hourly() != null && knownHour + unsynced >= quota.hourly();
			if ((overDaily || overHourly) && (counting.unsynced.get() != unsynced
					|| (earlier != 0 && usage.earlierUnsynced(day) != earlier))) {
				continue; // maybe counted twice by a sync in between: read again
			}
			if (overDaily) {
				return refusal(QuotaRefusal.Window.DAILY, quota.daily(), (day + 1) * DAY, now);
			}
			if (overHourly) {
				return refusal(QuotaRefusal.Window.HOURLY, quota.hourly(), (hour + 1) * HOUR, now);
			}
			// fails when a sync subtracted (or another request counted) meanwhile: read
			// again
			if (counting.unsynced.compareAndSet(unsynced, unsynced + 1)) {
				return new Counted(counting);
			}
		}
	}

	/**
	 * Nothing; a seam for tests that run a sync between the unsynced and the learned
	 * reads of {@link #acquire} (the window the read order is about).
	 */
	void betweenReads() {
	}

	private QuotaRefusal refusal(QuotaRefusal.Window window, int limit, long resetsAtSecond, long now) {
		Instant exact = this.clock.instant();
		Instant resetsAt = Instant.ofEpochSecond(resetsAtSecond);
		long retryAfter = Math.max(1, (Duration.between(exact, resetsAt).toMillis() + 999) / 1000);
		return new QuotaRefusal(window, limit, resetsAt, retryAfter);
	}

	/**
	 * Adds what this node counted to the store and learns the cluster's totals; one
	 * exchange, whatever the number of clients. One sync at a time.
	 * @throws RuntimeException if the store failed: nothing is lost, the next sync sends
	 * it
	 */
	public synchronized void sync() {
		Instant now = this.clock.instant();
		long hour = Math.floorDiv(now.getEpochSecond(), HOUR);
		long day = Math.floorDiv(now.getEpochSecond(), DAY);
		Map<Counting, Long> sent = new IdentityHashMap<>();
		List<QuotaUsageStore.Delta> deltas = new ArrayList<>();
		this.clients.forEach((key, usage) -> usage.countings().forEach(counting -> {
			long tokens = counting.unsynced.get();
			if (tokens > 0) {
				sent.put(counting, tokens);
				deltas.add(new QuotaUsageStore.Delta(key, Instant.ofEpochSecond(counting.hour * HOUR), tokens));
			}
		}));
		Map<String, QuotaUsageStore.Totals> totals = this.store.addAndRead(deltas, Instant.ofEpochSecond(hour * HOUR),
				Instant.ofEpochSecond(day * DAY));
		// learn first, then take back what was sent: counted twice for a moment, never
		// missed
		totals.keySet().forEach(key -> this.clients.computeIfAbsent(key, k -> new ClientUsage(hour)));
		this.clients.forEach((key, usage) -> {
			QuotaUsageStore.Totals total = totals.get(key);
			usage.learned = new Learned(hour, (total != null) ? total.hour() : 0, day,
					(total != null) ? total.day() : 0);
		});
		sent.forEach((counting, tokens) -> counting.unsynced.addAndGet(-tokens));
		this.clients.values().forEach(usage -> usage.forgetBefore(hour - 1));
		this.clients.entrySet().removeIf(entry -> entry.getValue().idleSince(hour - 24));
	}

	/** Removes the store's counts older than {@code retention}. */
	public int removeOlderThan(Duration retention) {
		Instant cutoff = this.clock.instant().minus(retention);
		return this.store.removeBefore(Instant.ofEpochSecond(Math.floorDiv(cutoff.getEpochSecond(), HOUR) * HOUR));
	}

	/** What this node counted and has not added to the store yet, per client (tests). */
	public Map<String, Long> unsynced() {
		Map<String, Long> unsynced = new HashMap<>();
		this.clients.forEach((key, usage) -> {
			long tokens = usage.countings().stream().mapToLong(counting -> counting.unsynced.get()).sum();
			if (tokens > 0) {
				unsynced.put(key, tokens);
			}
		});
		return unsynced;
	}

	/** One client's counts on this node. */
	private static final class ClientUsage {

		private volatile Counting current;

		/** Earlier hours with counts still to send; usually empty. */
		private volatile List<Counting> earlier = List.of();

		private volatile Learned learned = Learned.NONE;

		ClientUsage(long hour) {
			this.current = new Counting(hour);
		}

		/** A new hour (or the clock set back): earlier counts wait for the next sync. */
		synchronized Counting roll(long hour) {
			if (this.current.hour != hour) {
				List<Counting> moved = new ArrayList<>(this.earlier);
				moved.add(this.current);
				this.earlier = List.copyOf(moved);
				this.current = new Counting(hour);
			}
			return this.current;
		}

		/**
		 * Unsynced tokens of the earlier hours of {@code day} (not in learned yet). Read
		 * before learned, for the reason given in {@code take}. Negative where a token
		 * already sent was released.
		 */
		long earlierUnsynced(long day) {
			List<Counting> earlier = this.earlier;
			if (earlier.isEmpty()) {
				return 0;
			}
			long tokens = 0;
			for (Counting counting : earlier) {
				if (Math.floorDiv(counting.hour, 24) == day) {
					tokens += counting.unsynced.get();
				}
			}
			return tokens;
		}

		List<Counting> countings() {
			List<Counting> all = new ArrayList<>(this.earlier);
			all.add(this.current);
			return all;
		}

		/**
		 * Drops earlier hours that are sent and before {@code hour} (the previous hour is
		 * kept a little longer, for a request that read it just before the hour turned).
		 * An hour left negative by a release of a token already sent has nothing to send
		 * and goes too.
		 */
		synchronized void forgetBefore(long hour) {
			if (!this.earlier.isEmpty()) {
				this.earlier = this.earlier.stream()
					.filter(counting -> counting.hour >= hour || counting.unsynced.get() > 0)
					.toList();
			}
		}

		/** Nothing to send, nothing learned and not used since {@code hour}. */
		boolean idleSince(long hour) {
			Learned learned = this.learned;
			return this.earlier.isEmpty() && this.current.unsynced.get() == 0 && this.current.hour < hour
					&& learned.hourTokens == 0 && learned.dayTokens == 0;
		}

	}

	/**
	 * A token counted by {@link #acquireReleasable}, to be taken back once if it is not
	 * delivered (its audit event could not be stored). Taken back from the hour it was
	 * counted in: if that count was already sent, the node's unsynced count of the hour
	 * goes below zero and nets out the node's next tokens of that hour (never sent
	 * negative: the store only adds); a release after its hour has passed may leave the
	 * day's total one too high.
	 */
	/** What asking for a token gives: {@link Counted} or a {@link QuotaRefusal}. */
	sealed interface Taken permits Counted, QuotaRefusal {

	}

	static final class Counted implements Taken {

		private final Counting counting;

		Counted(Counting counting) {
			this.counting = counting;
		}

		void release() {
			this.counting.unsynced.decrementAndGet();
		}

	}

	/** Tokens counted in one UTC hour ({@code hour}: hours since the epoch). */
	private static final class Counting {

		private final long hour;

		private final AtomicLong unsynced = new AtomicLong();

		Counting(long hour) {
			this.hour = hour;
		}

	}

	/** The cluster's totals as of the last sync (hours and days since the epoch). */
	private record Learned(long hour, long hourTokens, long day, long dayTokens) {

		static final Learned NONE = new Learned(-1, 0, -1, 0);

	}

}
