package dev.tessera.auth.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client cache reloads a client in use ahead of its expiry, off the request's thread,
 * and still drops an entry at once on a change. A hand-driven ticker and executor stand
 * in for time and the reload threads: nothing sleeps.
 */
class ClientDirectoryRefreshTest {

	static final Duration TTL = Duration.ofSeconds(30);

	final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	final Ticker ticker = this.nanos::get;

	/** Tasks handed to the reload threads, run only when the test says so. */
	final Queue<Runnable> background = new ArrayDeque<>();

	final Executor executor = this.background::add;

	/** What the database says now: whether c1 is enabled. */
	final AtomicBoolean enabledInDatabase = new AtomicBoolean(true);

	final AtomicInteger loads = new AtomicInteger();

	final AtomicInteger loadsOnTheTestThread = new AtomicInteger();

	final Thread testThread = Thread.currentThread();

	final ClientDirectory directory = new ClientDirectory(this::load, id -> Optional.of("c1"), TTL, this.executor,
			this.ticker);

	@Test
	void aClientInUseIsReloadedInTheBackgroundAndTheRequestIsServedFromTheCache() {
		assertThat(enabled()).isTrue(); // a true miss: loaded by the request
		assertThat(this.loads).hasValue(1);
		assertThat(this.loadsOnTheTestThread).hasValue(1);

		advance(TTL.dividedBy(2).plusSeconds(1)); // past the refresh point, before expiry
		this.enabledInDatabase.set(false);
		assertThat(enabled()).as("served from the cache while the reload waits").isTrue();
		assertThat(this.loads).as("the request read nothing").hasValue(1);

		runBackground(); // the reload, elsewhere
		assertThat(this.loads).hasValue(2);
		assertThat(enabled()).as("the change is seen after the reload").isFalse();
		assertThat(this.loads).hasValue(2);

		advance(TTL.minusSeconds(1)); // kept warm: the reload restarted its life
		assertThat(enabled()).isFalse();
		runBackground();
		assertThat(this.loads).hasValue(3);
		assertThat(this.loadsOnTheTestThread).as("only the first miss loaded on a request").hasValue(1);
	}

	@Test
	void anEntryUnusedForAWholeTtlIsLoadedAgainByTheRequest() {
		enabled();
		advance(TTL.plusSeconds(1));
		this.enabledInDatabase.set(false);
		assertThat(enabled()).as("never older than the TTL").isFalse();
		assertThat(this.loadsOnTheTestThread).hasValue(2);
	}

	@Test
	void aChangeEvictsAtOnceAndAReloadStartedBeforeItIsDiscarded() {
		enabled();
		advance(TTL.dividedBy(2).plusSeconds(1));
		enabled(); // starts a reload that reads the old state...
		this.directory.evict("c1"); // ...then the client changes and is evicted
		runBackground();
		this.enabledInDatabase.set(false);
		assertThat(enabled()).as("the stale reload did not put the old state back").isFalse();

		this.enabledInDatabase.set(true);
		this.directory.evictAll();
		assertThat(this.directory.findById("id-1").map(ClientRecord::enabled)).contains(true);
	}

	@Test
	void aFailedReloadKeepsTheEntryUntilItExpires() {
		enabled();
		advance(TTL.dividedBy(2).plusSeconds(1));
		this.failing = true;
		assertThat(enabled()).isTrue();
		runBackground();
		assertThat(enabled()).isTrue();
		this.failing = false;
		this.enabledInDatabase.set(false);
		advance(TTL);
		assertThat(enabled()).isFalse();
	}

	@Test
	void aZeroTtlCachesNothing() {
		ClientDirectory uncached = new ClientDirectory(this::load, id -> Optional.of("c1"), Duration.ZERO,
				this.executor, this.ticker);
		uncached.findByClientId("c1");
		uncached.findByClientId("c1");
		assertThat(this.loadsOnTheTestThread).hasValue(2);
	}

	boolean enabled() {
		return this.directory.findByClientId("c1").orElseThrow().enabled();
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	void runBackground() {
		this.inBackground = true;
		try {
			Runnable task;
			while ((task = this.background.poll()) != null) {
				task.run();
			}
		}
		finally {
			this.inBackground = false;
		}
	}

	Optional<ClientRecord> load(String clientId) {
		if (this.failing) {
			throw new IllegalStateException("database unreachable");
		}
		this.loads.incrementAndGet();
		if (Thread.currentThread() == this.testThread && !this.inBackground) {
			this.loadsOnTheTestThread.incrementAndGet();
		}
		RegisteredClient client = RegisteredClient.withId("id-1")
			.clientId(clientId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		return Optional.of(new ClientRecord(client, this.enabledInDatabase.get(), List.of(), null, null));
	}

	/** Whether the hand-driven executor is running the reload threads' tasks. */
	boolean inBackground;

	volatile boolean failing;

}
