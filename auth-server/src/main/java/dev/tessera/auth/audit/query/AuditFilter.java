package dev.tessera.auth.audit.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTimestamps;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * Which audit events a reader wants, as typed values. Every criterion is optional; given
 * ones must all match. {@code clientId} selects events whose principal is that client
 * ({@code principal_type = 'client'}): what the client itself did once authenticated,
 * never a failed authentication that merely claimed its id (those are {@code anonymous},
 * with {@code claimedClientId} in the detail, since anyone can claim any id);
 * {@code from} is inclusive, {@code to} exclusive. Parsed from query parameters here, so
 * a bad value is a 400 naming the parameter rather than an empty answer.
 */
public record AuditFilter(String clientId, String principal, String operation, AuditOutcome outcome,
		String correlationId, Instant from, Instant to) {

	/** Matches every event. */
	public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null);

	/**
	 * Parses raw query parameters (null or blank means "any").
	 * @throws InvalidInputProblem naming every bad parameter
	 */
	public static AuditFilter parse(String clientId, String principal, String operation, String outcome,
			String correlationId, String from, String to) {
		List<FieldProblem> problems = new ArrayList<>();
		AuditFilter filter = parse(clientId, principal, operation, outcome, correlationId, from, to, problems);
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
		return filter;
	}

	static AuditFilter parse(String clientId, String principal, String operation, String outcome, String correlationId,
			String from, String to, List<FieldProblem> problems) {
		AuditOutcome parsedOutcome = null;
		if (present(outcome)) {
			try {
				parsedOutcome = AuditOutcome.of(outcome);
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("outcome", "must be one of success, business_error, system_error"));
			}
		}
		Instant parsedFrom = instant("from", from, problems);
		Instant parsedTo = instant("to", to, problems);
		if (parsedFrom != null && parsedTo != null && parsedTo.isBefore(parsedFrom)) {
			problems.add(new FieldProblem("to", "must not be before from"));
		}
		return new AuditFilter(trimmed(clientId), trimmed(principal), trimmed(operation), parsedOutcome,
				trimmed(correlationId), parsedFrom, parsedTo);
	}

	private static Instant instant(String name, String value, List<FieldProblem> problems) {
		if (!present(value)) {
			return null;
		}
		try {
			// stored at PostgreSQL's precision; finer input would never match exactly
			Instant instant = Instant.parse(value.trim()).truncatedTo(ChronoUnit.MICROS);
			if (!AuditTimestamps.inRange(instant)) {
				problems.add(new FieldProblem(name, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
				return null;
			}
			return instant;
		}
		catch (DateTimeException ex) {
			problems.add(new FieldProblem(name, "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z"));
			return null;
		}
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

	private static String trimmed(String value) {
		return present(value) ? value.trim() : null;
	}

}
