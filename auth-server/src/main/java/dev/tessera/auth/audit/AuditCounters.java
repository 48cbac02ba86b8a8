package dev.tessera.auth.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.web.RequestContext;

import org.springframework.context.SmartLifecycle;

/**
 * Counter events: repeated identical events (same operation, outcome, actor, source
 * address and detail) folded into one event per interval that says how many there were
 * ({@value #COUNT}) and when the first and last happened ({@value #FIRST_AT},
 * {@value #LAST_AT}). For what anyone can make the server do in bulk, such as failing to
 * authenticate: recording each attempt as its own row, and making the caller wait for it,
 * would let a flood fill the audit queue and the table. Counting costs no write and no
 * wait; the trail still shows who failed how often, from where, and when.
 *
 * <p>
 * The folded event keeps the correlation id of the interval's first occurrence. Memory
 * and rows are bounded, so that no caller can fill the table by varying what it sends (a
 * claimed client id, say): one source address may have at most {@code maxKeysPerAddress}
 * distinct events per interval, and its further new ones are folded into one event per
 * operation and outcome with that address, no actor and {@value #OVERFLOW} in the detail;
 * at most {@code maxKeys} distinct events are counted per interval over all addresses,
 * and beyond that new ones are folded into one event per operation and outcome with no
 * actor, no address and {@value #OVERFLOW} (the last resort, taken only when many
 * addresses are busy at once). An interval's counts are written at its end and at
 * shutdown, without waiting; an event the writer fails or sheds
 * ({@link AuditReceipt#SHED}) is logged at WARN, at most every ten seconds, with the
 * number of occurrences lost ({@link UnrecordedEvents}).
 */
public class AuditCounters implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditCounters.class);

	/** Detail key: how many occurrences the event stands for. */
	public static final String COUNT = "count";

	/** Detail key: when the first occurrence of the interval happened (ISO-8601). */
	public static final String FIRST_AT = "firstAt";

	/** Detail key: when the last occurrence of the interval happened (ISO-8601). */
	public static final String LAST_AT = "lastAt";

	/** Detail key of the event that holds what did not fit in memory. */
	public static final String OVERFLOW = "overflow";

	private static final Map<String, Object> OVERFLOW_DETAIL = Map.of(OVERFLOW, true);

	private final AuditEventSink sink;

	private final Clock clock;

	private final Duration interval;

	private final int maxKeys;

	private final int maxKeysPerAddress;

	private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

	/** This interval's distinct events per source address (those past the cap too). */
	private final Map<String, AtomicInteger> keysPerAddress = new ConcurrentHashMap<>();

	private final UnrecordedEvents unrecorded = new UnrecordedEvents("Counter events");

	private ScheduledExecutorService executor;

	/** Every event of the flushes so far written or refused. */
	private CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);

	private volatile boolean running;

	/**
	 * @param maxKeys distinct events per interval over all addresses
	 * @param maxKeysPerAddress distinct events per interval from one source address
	 */
	public AuditCounters(AuditEventSink sink, Clock clock, Duration interval, int maxKeys, int maxKeysPerAddress) {
		this.sink = sink;
		this.clock = clock;
		this.interval = interval;
		this.maxKeys = maxKeys;
		this.maxKeysPerAddress = maxKeysPerAddress;
	}

	/**
	 * Counts one occurrence of the event, from the current request's address.
	 * @param detail what identifies the event besides the operation, outcome, actor and
	 * address (an error code, a claimed client id): occurrences with equal detail are
	 * folded; it must not hold {@value #COUNT}, {@value #FIRST_AT} or {@value #LAST_AT}
	 */
	public void count(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail) {
		RequestContext context = RequestContext.current();
		String address = context.sourceIp();
		Key key = new Key(operation, outcome, actor, address, Map.copyOf(detail));
		if (!this.tallies.containsKey(key)) {
			if (this.tallies.size() >= this.maxKeys) {
				key = new Key(operation, outcome, Actor.anonymous(), null, OVERFLOW_DETAIL);
			}
			else if (address != null && this.keysPerAddress.computeIfAbsent(address, (a) -> new AtomicInteger())
				.incrementAndGet() > this.maxKeysPerAddress) {
				key = new Key(operation, outcome, Actor.anonymous(), address, OVERFLOW_DETAIL);
			}
		}
		Instant now = this.clock.instant();
		this.tallies.compute(key, (k, tally) -> {
			if (tally == null) {
				return new Tally(now, context.correlationId());
			}
			tally.add(now);
			return tally;
		});
	}

	/**
	 * Writes one event per distinct counted event and starts a new interval. A tally is
	 * removed before it is written, and {@link #count} never changes a removed tally, so
	 * an occurrence is in exactly one interval's event.
	 * @return completes (never exceptionally) once every event of this flush and of the
	 * flushes before it has been written or refused: what a test waits for before it
	 * reads the trail
	 */
	public synchronized CompletableFuture<Void> flush() {
		List<CompletableFuture<?>> written = new ArrayList<>();
		written.add(this.lastFlush);
		// an address's cap restarts with the interval (an occurrence racing this may
		// count
		// against the old interval's cap: harmless)
		this.keysPerAddress.clear();
		for (Key key : List.copyOf(this.tallies.keySet())) {
			Tally tally = this.tallies.remove(key);
			if (tally == null) {
				continue;
			}
			Map<String, Object> detail = new HashMap<>(key.detail());
			detail.put(COUNT, tally.count.get());
			detail.put(FIRST_AT, tally.first.truncatedTo(ChronoUnit.MICROS).toString());
			detail.put(LAST_AT, tally.last.truncatedTo(ChronoUnit.MICROS).toString());
			AuditEvent event = new AuditEvent(TimeOrderedIds.next(), tally.last.truncatedTo(ChronoUnit.MICROS),
					tally.correlationId, AuditTrail.cap(key.actor().name()), key.actor().type(), key.operation(),
					key.sourceIp(), key.outcome(), detail, null);
			written.add(this.unrecorded.watch(this.sink.submit(event, List.of()), key.operation(), tally.count.get()));
		}
		this.lastFlush = CompletableFuture.allOf(written.toArray(CompletableFuture[]::new));
		return this.lastFlush;
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "tessera-audit-counters");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	private void flushQuietly() {
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.error("Counter events not written", ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		flushQuietly();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops after the web server and before the audit writer (a lower phase stops
		// later), so the last interval's counts reach the writer while it still writes
		return Integer.MIN_VALUE + 2000;
	}

	private record Key(String operation, AuditOutcome outcome, Actor actor, String sourceIp,
			Map<String, Object> detail) {
	}

	/** One interval's occurrences of one event; changed only inside the map's compute. */
	private static final class Tally {

		private final Instant first;

		private final String correlationId;

		private final AtomicLong count = new AtomicLong(1);

		private volatile Instant last;

		Tally(Instant first, String correlationId) {
			this.first = first;
			this.last = first;
			this.correlationId = correlationId;
		}

		void add(Instant at) {
			this.count.incrementAndGet();
			this.last = at;
		}

	}

}
