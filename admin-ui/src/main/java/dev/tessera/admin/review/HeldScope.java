package dev.tessera.admin.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One scope a client holds, as the review shows it: whether the client received it in the
 * last 30 and 90 days. The 30-day view comes from the same 90-day report: a scope was
 * received in the last 30 days when its {@code lastReceived} day is one of the 30 days
 * ending on the report's last day.
 *
 * @param scope the scope
 * @param tokens90 in how many tokens it was received in the window (90 days)
 * @param lastReceived the last day it was received, or {@code null}
 * @param in30 whether it was received in the last 30 days
 * @param in90 whether it was received in the window
 */
public record HeldScope(String scope, long tokens90, String lastReceived, boolean in30, boolean in90) {

	/** The length of the short view, in days. */
	public static final int SHORT_DAYS = 30;

	/** Whether the client holds the scope without using it (flagged for removal). */
	public boolean unused() {
		return !this.in90;
	}

	/**
	 * The client's held scopes, in its order, each with its use: {@code to} is the
	 * report's last day. A scope the API lists as unused is unused even if (oddly) it
	 * also appears as received.
	 */
	public static List<HeldScope> of(ScopeReview.Client client, LocalDate to) {
		LocalDate shortFrom = to.minusDays(SHORT_DAYS - 1);
		List<HeldScope> held = new ArrayList<>();
		for (String scope : client.scopes()) {
			ScopeReview.Received received = client.received()
				.stream()
				.filter((r) -> r.scope().equals(scope))
				.findFirst()
				.orElse(null);
			boolean in90 = received != null && !client.unusedScopes().contains(scope);
			boolean in30 = in90 && received.lastReceived() != null
					&& !LocalDate.parse(received.lastReceived()).isBefore(shortFrom);
			held.add(new HeldScope(scope, (received != null) ? received.tokens() : 0,
					(received != null) ? received.lastReceived() : null, in30, in90));
		}
		return List.copyOf(held);
	}

}
