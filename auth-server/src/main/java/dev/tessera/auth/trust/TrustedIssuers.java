package dev.tessera.auth.trust;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The registered trusted issuers, looked up by the {@code iss} of an assertion on the
 * token path: answered from memory, refreshed when an admin changes a registration on any
 * node, so an exchange reads nothing from the database.
 *
 * <p>
 * The whole table is held as one immutable map, replaced in a single write: partners are
 * few, and a lookup then takes no lock and never sees half a change. It is re-read at
 * start, at once after a change made on this node commits, when another node's change
 * notice arrives (or notices may have been missed), and every
 * {@code tessera.trusted-issuers.refresh-interval} (60 s) as a safety net. A re-read that
 * fails keeps the previous map.
 */
public class TrustedIssuers {

	private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

	private final Supplier<? extends Collection<TrustedIssuer>> load;

	private volatile Map<String, TrustedIssuer> byIssuer = Map.of();

	/**
	 * @param load reads every registration (from the database, in its own read-only
	 * transaction)
	 */
	public TrustedIssuers(Supplier<? extends Collection<TrustedIssuer>> load) {
		this.load = load;
	}

	/** A fixed directory of these issuers, for tests of what reads it. */
	public static TrustedIssuers of(TrustedIssuer... issuers) {
		TrustedIssuers directory = new TrustedIssuers(() -> List.of(issuers));
		directory.initialize();
		return directory;
	}

	/** The registration of this issuer identifier (compared exactly), if any. */
	public Optional<TrustedIssuer> findByIssuer(String issuer) {
		if (issuer == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.byIssuer.get(issuer));
	}

	/**
	 * The first read, at start: a failure stops the start rather than leave the grant
	 * trusting nobody without saying so.
	 */
	public synchronized void initialize() {
		this.byIssuer = read();
	}

	/**
	 * Re-reads every registration and replaces the map; serialised, so a slower earlier
	 * read can never overwrite a later one. A failure (the database away) keeps the
	 * previous map, logged.
	 */
	@Scheduled(initialDelayString = "${tessera.trusted-issuers.refresh-interval:60s}",
			fixedDelayString = "${tessera.trusted-issuers.refresh-interval:60s}")
	public synchronized void refresh() {
		try {
			this.byIssuer = read();
		}
		catch (RuntimeException ex) {
			log.warn("Trusted issuers could not be re-read ({}); keeping the {} loaded before", ex.getMessage(),
					this.byIssuer.size());
		}
	}

	private Map<String, TrustedIssuer> read() {
		return this.load.get()
			.stream()
			.collect(Collectors.toUnmodifiableMap(TrustedIssuer::issuer, Function.identity()));
	}

}
