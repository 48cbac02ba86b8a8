package dev.tessera.auth.protocol;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.tessera.auth.web.ErrorResponses;

/**
 * The token endpoint's meters: {@code tessera.tokens.issued{grant,client}},
 * {@code tessera.tokens.refused{grant,client,error}} and the
 * {@code tessera.token.requests{grant,outcome}} timer (a percentile histogram, with SLO
 * buckets an alert on p99 can read). Tag values come from fixed sets ({@link TokenGrant},
 * the RFC error codes Tessera answers, else {@code other}) or are the id of a client that
 * authenticated (else {@code unknown}), so no caller can create series. Every meter is
 * looked up once and kept: a request costs a few map and array reads ({@code get} before
 * {@code computeIfAbsent}), no registration, no tag building and no allocation.
 */
class TokenMetrics {

	static final String ISSUED = "tessera.tokens.issued";

	static final String REFUSED = "tessera.tokens.refused";

	static final String REQUESTS = "tessera.token.requests";

	static final String UNKNOWN_CLIENT = "unknown";

	/**
	 * The RFC 6749, 6750, 8707 and 9449 codes (and Tessera's own) a refusal can carry.
	 */
	static final Set<String> KNOWN_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
			"unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target", "access_denied",
			"temporarily_unavailable", "server_error", ErrorResponses.TOO_MANY_REQUESTS, "invalid_token",
			"insufficient_scope", "unsupported_token_type", "invalid_dpop_proof", "use_dpop_nonce",
			"invalid_authorization_details");

	/** How a token request ended, as the timer's {@code outcome} tag. */
	enum Outcome {

		/** A token was issued. */
		ISSUED,
		/** Refused with a 4xx (the caller's error, a throttle or a quota). */
		REFUSED,
		/** Refused with a 503: the database or the audit store is away. */
		UNAVAILABLE,
		/** Anything else: a 5xx or a failure no writer answered. */
		ERROR;

		final String tag = name().toLowerCase(Locale.ROOT);

	}

	private static final Duration[] SLOS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500) };

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter>[] issued;

	private final ConcurrentMap<String, ConcurrentMap<String, Counter>>[] refused;

	private final Timer[][] timers;

	@SuppressWarnings("unchecked")
	TokenMetrics(MeterRegistry registry) {
		this.registry = registry;
		int grants = TokenGrant.all().length;
		this.issued = new ConcurrentMap[grants];
		this.refused = new ConcurrentMap[grants];
		this.timers = new Timer[grants][Outcome.values().length];
		for (TokenGrant grant : TokenGrant.all()) {
			this.issued[grant.ordinal()] = new ConcurrentHashMap<>();
			this.refused[grant.ordinal()] = new ConcurrentHashMap<>();
		}
	}

	/** A token was issued to this (authenticated) client. */
	void issued(TokenGrant grant, String clientId) {
		ConcurrentMap<String, Counter> counters = this.issued[grant.ordinal()];
		String client = clientTag(clientId);
		Counter counter = counters.get(client);
		if (counter == null) {
			// computeIfAbsent only on first use: it would lock a bin and allocate the
			// lambda on every call
			counter = counters.computeIfAbsent(client,
					(tag) -> Counter.builder(ISSUED)
						.description("Access tokens issued")
						.tag("grant", grant.tag())
						.tag("client", tag)
						.register(this.registry));
		}
		counter.increment();
	}

	/**
	 * A token request was refused with this error code, after this client authenticated
	 * (null: none did).
	 */
	void refused(TokenGrant grant, String clientId, String error) {
		String client = clientTag(clientId);
		String errorTag = (error != null && KNOWN_ERRORS.contains(error)) ? error : "other";
		ConcurrentMap<String, Counter> byError = this.refused[grant.ordinal()].get(client);
		if (byError == null) {
			byError = this.refused[grant.ordinal()].computeIfAbsent(client, (key) -> new ConcurrentHashMap<>());
		}
		Counter counter = byError.get(errorTag);
		if (counter == null) {
			counter = byError.computeIfAbsent(errorTag,
					(code) -> Counter.builder(REFUSED)
						.description("Token requests refused, by the OAuth error answered")
						.tag("grant", grant.tag())
						.tag("client", client)
						.tag("error", code)
						.register(this.registry));
		}
		counter.increment();
	}

	/** How long a token request took, and how it ended. */
	void timed(TokenGrant grant, Outcome outcome, long nanos) {
		Timer timer = this.timers[grant.ordinal()][outcome.ordinal()];
		if (timer == null) {
			// registered on first use (a race registers twice and gets the same timer)
			timer = Timer.builder(REQUESTS)
				.description("Token endpoint requests, from the first filter to the response")
				.tag("grant", grant.tag())
				.tag("outcome", outcome.tag)
				.publishPercentileHistogram()
				.serviceLevelObjectives(SLOS)
				.minimumExpectedValue(Duration.ofMillis(1))
				.maximumExpectedValue(Duration.ofSeconds(10))
				.register(this.registry);
			this.timers[grant.ordinal()][outcome.ordinal()] = timer;
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static String clientTag(String clientId) {
		return (clientId != null) ? clientId : UNKNOWN_CLIENT;
	}

}
