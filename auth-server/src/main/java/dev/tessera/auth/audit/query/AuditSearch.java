package dev.tessera.auth.audit.query;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * One page request against the trail: a filter, a page size and, after the first page,
 * the cursor the previous page returned.
 *
 * @param after null for the first page
 */
public record AuditSearch(AuditFilter filter, int limit, AuditCursor after) {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	public AuditSearch {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
		}
	}

	/**
	 * Parses raw query parameters, reporting every bad one at once.
	 * @throws InvalidInputProblem naming each bad parameter
	 */
	public static AuditSearch parse(String clientId, String principal, String operation, String outcome,
			String correlationId, String from, String to, String limit, String cursor) {
		List<FieldProblem> problems = new ArrayList<>();
		AuditFilter filter = AuditFilter.parse(clientId, principal, operation, outcome, correlationId, from, to,
				problems);
		int parsedLimit = DEFAULT_LIMIT;
		if (limit != null && !limit.isBlank()) {
			try {
				parsedLimit = Integer.parseInt(limit.trim());
			}
			catch (NumberFormatException ex) {
				parsedLimit = -1;
			}
			if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
				problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT));
			}
		}
		AuditCursor after = null;
		if (cursor != null && !cursor.isBlank()) {
			try {
				after = AuditCursor.decode(cursor);
			}
			catch (InvalidInputProblem ex) {
				problems.addAll(ex.getProblems());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
		return new AuditSearch(filter, parsedLimit, after);
	}

}
