package dev.tessera.auth.audit.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.rollup.RollupIncrements.OutcomeCount;
import dev.tessera.auth.audit.rollup.RollupIncrements.TokenCount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sums one batch adds to the rollups: tokens per client, UTC day and scope (with
 * {@code ""} for every token), events per UTC hour, operation, outcome and error, each
 * key once and in key order.
 */
class AuditRollupTest {

	static final AuditRollupRule RULE = new AuditRollupRule("token.issue", "scope", "error");

	final AuditRollup rollup = new AuditRollup(RULE);

	@Test
	void aTokenCountsOnceForTheClientAndOnceForEachScope() {
		RollupIncrements increments = this.rollup
			.aggregate(List.of(token("2026-11-30T10:15:00Z", "orders", "orders:read orders:write")));

		assertThat(increments.tokens()).containsExactly(token("2026-11-30", "orders", "", 1),
				token("2026-11-30", "orders", "orders:read", 1), token("2026-11-30", "orders", "orders:write", 1));
		assertThat(increments.outcomes())
			.containsExactly(outcome("2026-11-30T10:00:00Z", "token.issue", "success", "", 1));
	}

	@Test
	void aBatchSumsByKeyAndSortsEachTableByItsKey() {
		RollupIncrements increments = this.rollup.aggregate(List.of(token("2026-11-30T23:59:59.999999Z", "zeta", "b a"),
				token("2026-12-01T00:00:00Z", "alpha", "a"), token("2026-11-30T23:00:00Z", "zeta", "a"),
				token("2026-11-30T01:00:00Z", "alpha", ""),
				event("2026-11-30T23:30:00Z", "client.create", AuditOutcome.SUCCESS, "admin", Map.of())));

		assertThat(increments.tokens()).containsExactly(token("2026-11-30", "alpha", "", 1),
				token("2026-11-30", "zeta", "", 2), token("2026-11-30", "zeta", "a", 2),
				token("2026-11-30", "zeta", "b", 1), token("2026-12-01", "alpha", "", 1),
				token("2026-12-01", "alpha", "a", 1));
		assertThat(increments.outcomes()).containsExactly(
				outcome("2026-11-30T01:00:00Z", "token.issue", "success", "", 1),
				outcome("2026-11-30T23:00:00Z", "client.create", "success", "", 1),
				outcome("2026-11-30T23:00:00Z", "token.issue", "success", "", 2),
				outcome("2026-12-01T00:00:00Z", "token.issue", "success", "", 1));
	}

	@Test
	void onlySuccessfulEventsOfTheTokenOperationWithAPrincipalAreTokens() {
		RollupIncrements increments = this.rollup.aggregate(List.of(
				event("2026-11-30T10:00:00Z", "token.issue", AuditOutcome.BUSINESS_ERROR, "orders",
						Map.of("scope", "orders:read", "error", "invalid_scope")),
				event("2026-11-30T10:00:00Z", "token.issue", AuditOutcome.SYSTEM_ERROR, "orders", Map.of()),
				event("2026-11-30T10:00:00Z", "token.issue", AuditOutcome.SUCCESS, null, Map.of("scope", "x")),
				event("2026-11-30T10:00:00Z", "token.introspect", AuditOutcome.SUCCESS, "orders",
						Map.of("scope", "orders:read"))));

		assertThat(increments.tokens()).isEmpty();
		assertThat(increments.outcomes()).containsExactly(
				outcome("2026-11-30T10:00:00Z", "token.introspect", "success", "", 1),
				outcome("2026-11-30T10:00:00Z", "token.issue", "business_error", "invalid_scope", 1),
				outcome("2026-11-30T10:00:00Z", "token.issue", "success", "", 1),
				outcome("2026-11-30T10:00:00Z", "token.issue", "system_error", "", 1));
	}

	@Test
	void errorsAreCountedByTheirCode() {
		RollupIncrements increments = this.rollup.aggregate(List.of(
				event("2026-11-30T10:01:00Z", "token.issue", AuditOutcome.BUSINESS_ERROR, null,
						Map.of("error", "invalid_client")),
				event("2026-11-30T10:59:00Z", "token.issue", AuditOutcome.BUSINESS_ERROR, null,
						Map.of("error", "invalid_client")),
				event("2026-11-30T10:30:00Z", "user.authenticate", AuditOutcome.BUSINESS_ERROR, "someone",
						Map.of("error", "BadCredentialsException"))));

		assertThat(increments.outcomes()).containsExactly(
				outcome("2026-11-30T10:00:00Z", "token.issue", "business_error", "invalid_client", 2),
				outcome("2026-11-30T10:00:00Z", "user.authenticate", "business_error", "BadCredentialsException", 1));
	}

	@Test
	void aScopeNamedTwiceInOneTokenCountsOnceAndBlanksAreIgnored() {
		RollupIncrements increments = this.rollup
			.aggregate(List.of(token("2026-11-30T10:00:00Z", "orders", " a  a b ")));

		assertThat(increments.tokens()).containsExactly(token("2026-11-30", "orders", "", 1),
				token("2026-11-30", "orders", "a", 1), token("2026-11-30", "orders", "b", 1));
	}

	@Test
	void valuesAreCutToTheirColumnsSoTheBatchCannotFailOnThem() {
		String longScope = "s".repeat(250);
		String otherLongScope = "s".repeat(240);
		RollupIncrements increments = this.rollup.aggregate(List
			.of(token("2026-11-30T10:00:00Z", "orders", longScope + " " + otherLongScope), event("2026-11-30T10:00:00Z",
					"x\0y", AuditOutcome.BUSINESS_ERROR, null, Map.of("error", "e".repeat(150)))));

		assertThat(increments.tokens()).containsExactly(token("2026-11-30", "orders", "", 1),
				token("2026-11-30", "orders", "s".repeat(200), 1));
		assertThat(increments.outcomes())
			.contains(outcome("2026-11-30T10:00:00Z", "x?y", "business_error", "e".repeat(100), 1));
	}

	@Test
	void aCounterEventCountsAsTheOccurrencesItStandsFor() {
		RollupIncrements increments = this.rollup.aggregate(List.of(
				event("2026-11-30T10:15:00Z", "token.issue", AuditOutcome.BUSINESS_ERROR, null,
						Map.of("error", "invalid_client", AuditCounters.COUNT, 250L)),
				event("2026-11-30T10:20:00Z", "token.issue", AuditOutcome.BUSINESS_ERROR, null,
						Map.of("error", "invalid_client"))));

		assertThat(increments.outcomes())
			.containsExactly(outcome("2026-11-30T10:00:00Z", "token.issue", "business_error", "invalid_client", 251));
	}

	@Test
	void anEmptyBatchAddsNothing() {
		assertThat(this.rollup.aggregate(List.of()).isEmpty()).isTrue();
	}

	static AuditEvent token(String at, String clientId, String scope) {
		return event(at, "token.issue", AuditOutcome.SUCCESS, clientId, Map.of("scope", scope, "jti", "j"));
	}

	static AuditEvent event(String at, String operation, AuditOutcome outcome, String principal,
			Map<String, Object> detail) {
		return new AuditEvent(UUID.randomUUID(), Instant.parse(at), "corr", principal,
				(principal != null) ? "client" : "anonymous", operation, "127.0.0.1", outcome, new HashMap<>(detail),
				null);
	}

	static TokenCount token(String day, String clientId, String scope, long tokens) {
		return new TokenCount(LocalDate.parse(day), clientId, scope, tokens);
	}

	static OutcomeCount outcome(String hour, String operation, String outcome, String error, long events) {
		return new OutcomeCount(Instant.parse(hour), operation, outcome, error, events);
	}

}
