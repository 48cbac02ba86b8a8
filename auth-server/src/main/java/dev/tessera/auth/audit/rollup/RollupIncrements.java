package dev.tessera.auth.audit.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * What one batch of audit events adds to the rollup tables: one increment per row key,
 * each list sorted by its key, so that every writer takes its row locks in the same
 * order.
 */
public record RollupIncrements(List<TokenCount> tokens, List<OutcomeCount> outcomes) {

	/** Sorts by day, client and scope: the order of the table's key. */
	static final Comparator<TokenCount> TOKEN_ORDER = Comparator.comparing(TokenCount::day)
		.thenComparing(TokenCount::clientId)
		.thenComparing(TokenCount::scope);

	/** Sorts by hour, operation, outcome and error: the order of the table's key. */
	static final Comparator<OutcomeCount> OUTCOME_ORDER = Comparator.comparing(OutcomeCount::hour)
		.thenComparing(OutcomeCount::operation)
		.thenComparing(OutcomeCount::outcome)
		.thenComparing(OutcomeCount::error);

	public RollupIncrements {
		tokens = tokens.stream().sorted(TOKEN_ORDER).toList();
		outcomes = outcomes.stream().sorted(OUTCOME_ORDER).toList();
	}

	public boolean isEmpty() {
		return this.tokens.isEmpty() && this.outcomes.isEmpty();
	}

	/**
	 * Tokens a client got on a UTC day: {@code scope} is one granted scope, or {@code ""}
	 * for every token whatever its scopes.
	 */
	public record TokenCount(LocalDate day, String clientId, String scope, long tokens) {
	}

	/**
	 * Events of one operation, outcome and error code ({@code ""} for none) in a UTC
	 * hour.
	 */
	public record OutcomeCount(Instant hour, String operation, String outcome, String error, long events) {
	}

}
