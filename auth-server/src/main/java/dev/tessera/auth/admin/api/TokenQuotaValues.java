package dev.tessera.auth.admin.api;

import java.math.BigDecimal;
import java.util.Optional;

import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * The token quota fields as JSON numbers, read exactly: Jackson would quietly turn
 * {@code 1.5} into {@code 1} for an {@code int}, so the fields are read as decimals and
 * only whole numbers within an {@code int} pass here (whether they are positive, and the
 * day at least the hour, is for {@code client.ClientRules}).
 */
final class TokenQuotaValues {

	private TokenQuotaValues() {
	}

	static Integer of(String field, BigDecimal value) {
		if (value == null) {
			return null;
		}
		BigDecimal whole = value.stripTrailingZeros();
		if (whole.scale() > 0) {
			throw new InvalidInputProblem(field, "must be a whole number of tokens, not " + value.toPlainString());
		}
		if (whole.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
				|| whole.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
			throw new InvalidInputProblem(field, "must be at most " + Integer.MAX_VALUE);
		}
		return whole.intValueExact();
	}

	@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
	static Optional<Integer> of(String field, Optional<BigDecimal> value) {
		return (value != null) ? value.map(present -> of(field, present)) : null;
	}

}
