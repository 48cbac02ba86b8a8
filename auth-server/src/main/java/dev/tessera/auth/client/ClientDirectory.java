package dev.tessera.auth.client;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registered clients served from a per-node cache in front of PostgreSQL, so a token
 * request reads no table. An entry is never served older than
 * {@code tessera.clients.cache-ttl}; a change made through this node evicts at once
 * ({@link #evict}), and other nodes evict when the change notice reaches them, or at the
 * latest when their entry expires.
 *
 * <p>
 * A client in use is reloaded ahead of time: the first request after half the TTL is
 * answered from the cache and starts a reload (about eight selects) on a background
 * thread, which replaces the entry when it completes. So a request thread reads the
 * database only for a client it has no entry for, or one unused for a whole TTL. A reload
 * that fails keeps the entry until it expires; one that is overtaken by an eviction is
 * discarded, so it cannot put back what the eviction removed.
 */
public class ClientDirectory implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ClientDirectory.class);

	private static final long RELOAD_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final AtomicLong lastReloadWarning = new AtomicLong();

	private final LoadingCache<String, Optional<ClientRecord>> byClientId;

	private final LoadingCache<String, Optional<String>> clientIdById;

	private final ExecutorService ownExecutor;

	public ClientDirectory(ClientRepository repository, RegisteredClientMapper mapper, TransactionTemplate readOnly,
			Duration ttl) {
		this(new Loader(repository, mapper, readOnly), ttl, refreshThreads());
	}

	private ClientDirectory(Loader loader, Duration ttl, ExecutorService refreshThreads) {
		this(loader::load, loader::loadClientId, ttl, refreshThreads, Ticker.systemTicker(), refreshThreads);
	}

	/**
	 * @param load reads a client by {@code client_id}
	 * @param loadClientId reads the {@code client_id} for an internal id
	 * @param refreshes where reloads ahead of expiry run
	 * @param ticker the cache's time source
	 */
	ClientDirectory(Function<String, Optional<ClientRecord>> load, Function<String, Optional<String>> loadClientId,
			Duration ttl, Executor refreshes, Ticker ticker) {
		this(load, loadClientId, ttl, refreshes, ticker, null);
	}

	private ClientDirectory(Function<String, Optional<ClientRecord>> load,
			Function<String, Optional<String>> loadClientId, Duration ttl, Executor refreshes, Ticker ticker,
			ExecutorService ownExecutor) {
		this.byClientId = cache(ttl, refreshes, ticker).build(loader(load));
		this.clientIdById = cache(ttl, refreshes, ticker).build(loader(loadClientId));
		this.ownExecutor = ownExecutor;
	}

	private static Caffeine<Object, Object> cache(Duration ttl, Executor refreshes, Ticker ticker) {
		Caffeine<Object, Object> cache = Caffeine.newBuilder()
			.expireAfterWrite(ttl)
			.executor(refreshes)
			.ticker(ticker)
			.maximumSize(50_000);
		Duration refreshAhead = ttl.dividedBy(2);
		if (refreshAhead.isZero() || refreshAhead.isNegative()) {
			return cache; // a zero TTL caches nothing, so there is nothing to refresh
		}
		return cache.refreshAfterWrite(refreshAhead);
	}

	/**
	 * Loads on a miss; a background reload that fails (the database away) keeps the entry
	 * until it expires and is logged at most once a minute, not once per request that
	 * comes due for a reload meanwhile (Caffeine's own log of it is turned down in
	 * {@code application.yml}).
	 */
	private static <K, V> CacheLoader<K, V> loader(Function<K, V> load) {
		return new CacheLoader<>() {

			@Override
			public V load(K key) {
				return load.apply(key);
			}

			@Override
			public V reload(K key, V oldValue) {
				try {
					return load.apply(key);
				}
				catch (RuntimeException ex) {
					long now = System.nanoTime();
					long last = lastReloadWarning.get();
					if ((last == 0 || now - last > RELOAD_WARNING_INTERVAL_NANOS)
							&& lastReloadWarning.compareAndSet(last, now)) {
						log.warn("Clients could not be reloaded in the background ({}); cached entries serve until "
								+ "they expire, further failures for a minute at debug", ex.getMessage());
					}
					else {
						log.debug("Client reload failed: {}", ex.getMessage());
					}
					throw ex;
				}
			}

		};
	}

	/** The client with this {@code client_id}, enabled or not; empty if there is none. */
	public Optional<ClientRecord> findByClientId(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > 100
				|| clientId.chars().anyMatch(Character::isISOControl)) {
			return Optional.empty(); // no such client can exist, and PostgreSQL refuses a
										// NUL
		}
		return this.byClientId.get(clientId);
	}

	/** The client with this internal id (Spring's {@code RegisteredClient.getId()}). */
	public Optional<ClientRecord> findById(String id) {
		Optional<String> clientId = this.clientIdById.get(id);
		return clientId.flatMap(this::findByClientId);
	}

	public void evict(String clientId) {
		this.byClientId.invalidate(clientId);
	}

	public void evictAll() {
		this.byClientId.invalidateAll();
		this.clientIdById.invalidateAll();
	}

	/** Stops the reload threads with the application context. */
	@Override
	public void close() {
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdownNow();
		}
	}

	/**
	 * Two daemon threads, so a burst of reloads neither waits long nor takes a request's
	 * thread.
	 */
	private static ExecutorService refreshThreads() {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				runnable -> {
					Thread thread = new Thread(runnable, "client-cache-refresh-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/** Reads clients from PostgreSQL, each read in its own read-only transaction. */
	private record Loader(ClientRepository repository, RegisteredClientMapper mapper, TransactionTemplate readOnly) {

		Optional<ClientRecord> load(String clientId) {
			return this.readOnly.execute(status -> this.repository.findByClientId(clientId).map(this::toRecord));
		}

		Optional<String> loadClientId(String id) {
			UUID uuid;
			try {
				uuid = UUID.fromString(id);
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
			return this.readOnly.execute(status -> this.repository.findById(uuid).map(Client::getClientId));
		}

		private ClientRecord toRecord(Client client) {
			return new ClientRecord(this.mapper.toRegisteredClient(client), client.isEnabled(),
					client.getSecrets()
						.stream()
						.map(secret -> new ClientRecord.StoredSecret(secret.getSecretHash(), secret.getExpiresAt()))
						.toList(),
					client.getJwks(), client.getJwksUri());
		}

	}

}
