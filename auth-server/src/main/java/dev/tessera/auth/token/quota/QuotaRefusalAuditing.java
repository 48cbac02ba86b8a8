package dev.tessera.auth.token.quota;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.UnrecordedEvents;
import dev.tessera.auth.web.ErrorResponses;

/**
 * The audit events of quota refusals, under the refused client, as {@value #OPERATION}
 * {@code business_error} with {@code error: too_many_requests}. A runaway client may be
 * refused thousands of times a minute, so refusals are not written one by one: the first
 * refusal of a quota window (client, hourly or daily, window start) on a node is written
 * at once, without waiting, so it is visible promptly (if the writer sheds or fails it,
 * that is logged at WARN, rate-limited, with the occurrences lost); every further refusal
 * is counted by {@link AuditCounters} and written as one event per counter interval
 * ({@code tessera.audit.counter-interval}, 10 s) carrying {@code count}, {@code firstAt}
 * and {@code lastAt}. The first event carries {@code count: 1} too, so summing
 * {@code count} gives every refusal.
 */
public class QuotaRefusalAuditing {

	/** The operation of the events: the token endpoint's. */
	static final String OPERATION = "token.issue";

	private final AuditTrail trail;

	private final AuditCounters counters;

	/** Says so in the log when a first refusal's event is shed or fails. */
	private final UnrecordedEvents unrecorded = new UnrecordedEvents("Quota refusal events");

	/** The windows this node wrote a first refusal for; pruned as windows pass. */
	private final Set<String> announced = ConcurrentHashMap.newKeySet();

	public QuotaRefusalAuditing(AuditTrail trail, AuditCounters counters) {
		this.trail = trail;
		this.counters = counters;
	}

	/** Records the refusal of the client's token for the grant. */
	public void refused(String clientId, String grant, QuotaRefusal refusal, Instant now) {
		Map<String, Object> detail = new HashMap<>();
		detail.put("error", ErrorResponses.TOO_MANY_REQUESTS);
		detail.put("quota", refusal.window().value());
		detail.put("limit", refusal.limit());
		detail.put("resetsAt", refusal.resetsAt().toString());
		if (grant != null) { // the counters' keys hold no null values
			detail.put("grant", grant);
		}
		Actor actor = Actor.client(clientId);
		if (this.announced.add(clientId + " " + refusal.window().value() + " " + refusal.resetsAt())) {
			Map<String, Object> first = new HashMap<>(detail);
			String at = now.truncatedTo(ChronoUnit.MICROS).toString();
			first.put(AuditCounters.COUNT, 1L);
			first.put(AuditCounters.FIRST_AT, at);
			first.put(AuditCounters.LAST_AT, at);
			this.unrecorded.watch(this.trail.recordWithReceipt(OPERATION, AuditOutcome.BUSINESS_ERROR, actor, first),
					OPERATION, 1);
		}
		else {
			this.counters.count(OPERATION, AuditOutcome.BUSINESS_ERROR, actor, detail);
		}
	}

	/** Forgets the windows that have reset by {@code now}. */
	void forgetBefore(Instant now) {
		this.announced.removeIf(key -> !Instant.parse(key.substring(key.lastIndexOf(' ') + 1)).isAfter(now));
	}

}
