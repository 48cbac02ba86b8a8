package dev.tessera.auth.review;

import java.time.LocalDate;

/**
 * Tokens a client got with a scope within a window, summed over every node's rollup rows;
 * {@code scope} {@code ""} counts all its tokens.
 *
 * @param lastReceived the last UTC date in the window it got one
 */
public record ScopeUsage(String clientId, String scope, long tokens, LocalDate lastReceived) {

	/** Whether this row counts every token of the client rather than one scope's. */
	public boolean isTotal() {
		return this.scope.isEmpty();
	}

}
