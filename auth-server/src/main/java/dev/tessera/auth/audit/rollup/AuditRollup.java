package dev.tessera.auth.audit.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.rollup.RollupIncrements.OutcomeCount;
import dev.tessera.auth.audit.rollup.RollupIncrements.TokenCount;

/**
 * Sums a batch of audit events into rollup increments, following the
 * {@link AuditRollupRule}: every event adds one to its hour's count of its operation,
 * outcome and error code (a counter event adds its count); an issued token adds one to
 * its client's day (scope {@code ""}) and one to each distinct scope it was granted. Days
 * and hours are UTC. Values are cut to their column's length (and a NUL, which PostgreSQL
 * text cannot hold, replaced), so an odd value can never make the batch, and with it the
 * events, fail. The migration's back-fill (V11) counts the same way except for counter
 * events: it counts every row as one (it ran before counter events existed, so the rows
 * it counted stood for one occurrence each).
 */
public final class AuditRollup {

	static final int CLIENT_ID_LENGTH = 200;

	static final int SCOPE_LENGTH = 200;

	static final int OPERATION_LENGTH = 100;

	static final int OUTCOME_LENGTH = 20;

	static final int ERROR_LENGTH = 100;

	private final AuditRollupRule rule;

	public AuditRollup(AuditRollupRule rule) {
		this.rule = rule;
	}

	public RollupIncrements aggregate(List<AuditEvent> events) {
		Map<TokenKey, Long> tokens = new HashMap<>();
		Map<OutcomeKey, Long> outcomes = new HashMap<>();
		for (AuditEvent event : events) {
			Instant hour = event.timestamp().truncatedTo(ChronoUnit.HOURS);
			outcomes.merge(new OutcomeKey(hour, fit(event.operation(), OPERATION_LENGTH),
					fit(event.outcome().value(), OUTCOME_LENGTH), fit(text(event, this.rule.errorKey()), ERROR_LENGTH)),
					occurrences(event), Long::sum);
			if (isToken(event)) {
				LocalDate day = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
				String clientId = fit(event.principal(), CLIENT_ID_LENGTH);
				tokens.merge(new TokenKey(day, clientId, ""), 1L, Long::sum);
				for (String scope : scopes(event)) {
					tokens.merge(new TokenKey(day, clientId, scope), 1L, Long::sum);
				}
			}
		}
		List<TokenCount> tokenCounts = new ArrayList<>(tokens.size());
		tokens.forEach((key, count) -> tokenCounts.add(new TokenCount(key.day, key.clientId, key.scope, count)));
		List<OutcomeCount> outcomeCounts = new ArrayList<>(outcomes.size());
		outcomes.forEach((key, count) -> outcomeCounts
			.add(new OutcomeCount(key.hour, key.operation, key.outcome, key.error, count)));
		return new RollupIncrements(tokenCounts, outcomeCounts);
	}

	/**
	 * How many occurrences the event stands for: a counter event's count
	 * ({@link AuditCounters#COUNT}), else one.
	 */
	private static long occurrences(AuditEvent event) {
		Object count = event.detail().get(AuditCounters.COUNT);
		return (count instanceof Number number && number.longValue() > 0) ? number.longValue() : 1L;
	}

	private boolean isToken(AuditEvent event) {
		return event.outcome() == AuditOutcome.SUCCESS && this.rule.tokenOperation().equals(event.operation())
				&& event.principal() != null;
	}

	/** The distinct granted scopes, each cut to the column (distinct after the cut). */
	private Set<String> scopes(AuditEvent event) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String scope : text(event, this.rule.scopeKey()).split(" ")) {
			if (!scope.isEmpty()) {
				scopes.add(fit(scope, SCOPE_LENGTH));
			}
		}
		return scopes;
	}

	private static String text(AuditEvent event, String key) {
		Object value = event.detail().get(key);
		return (value != null) ? value.toString() : "";
	}

	/** The value as its column can hold it: at most {@code max} characters, no NUL. */
	static String fit(String value, int max) {
		String text = value.replace('\0', '?');
		if (text.codePointCount(0, text.length()) <= max) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, max));
	}

	private record TokenKey(LocalDate day, String clientId, String scope) {
	}

	private record OutcomeKey(Instant hour, String operation, String outcome, String error) {
	}

}
