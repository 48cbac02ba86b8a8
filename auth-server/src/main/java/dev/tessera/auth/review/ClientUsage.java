package dev.tessera.auth.review;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.review.ReviewWindow.DayCount;
import dev.tessera.auth.review.ScopeReview.ReceivedScope;

/**
 * One client's tokens in a window: per UTC date (every date of the window, oldest first,
 * zeros included) and per scope (sorted, with the last date each was received).
 */
public record ClientUsage(String clientId, int days, List<DayCount> tokensPerDay, List<ReceivedScope> scopes) {

	/**
	 * @param rows the client's rollup sums per date and scope in the window (the
	 * {@code ""} rows count every token)
	 */
	public static ClientUsage of(String clientId, ReviewWindow window, List<Row> rows) {
		Map<LocalDate, Long> perDay = new HashMap<>();
		Map<String, ReceivedScope> perScope = new HashMap<>();
		for (Row row : rows) {
			if (row.scope().isEmpty()) {
				perDay.merge(row.day(), row.tokens(), Long::sum);
			}
			else {
				perScope.merge(row.scope(), new ReceivedScope(row.scope(), row.tokens(), row.day()),
						(a, b) -> new ReceivedScope(a.scope(), a.tokens() + b.tokens(),
								a.lastReceived().isAfter(b.lastReceived()) ? a.lastReceived() : b.lastReceived()));
			}
		}
		return new ClientUsage(clientId, window.days(), window.everyDay(perDay),
				ReceivedScope.sorted(perScope.values()));
	}

	/** Tokens of one client with one scope ({@code ""}: all) on one UTC date. */
	public record Row(LocalDate day, String scope, long tokens) {
	}

}
