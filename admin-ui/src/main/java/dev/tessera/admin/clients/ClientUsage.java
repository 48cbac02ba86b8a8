package dev.tessera.admin.clients;

import java.util.List;

import dev.tessera.admin.web.BarChart;

/**
 * {@code GET /admin/api/clients/{id}/usage?days=30}: the tokens a client was issued per
 * day (from the server's daily rollup) and the scopes it received.
 *
 * @param clientId the client
 * @param days the window
 * @param tokensPerDay one entry per day, oldest first
 * @param scopes the scopes it received in the window
 */
public record ClientUsage(String clientId, int days, List<Day> tokensPerDay, List<ScopeUse> scopes) {

	public ClientUsage {
		tokensPerDay = (tokensPerDay != null) ? tokensPerDay : List.of();
		scopes = (scopes != null) ? scopes : List.of();
	}

	/** The tokens per day as the console's bar chart. */
	public BarChart chart() {
		return BarChart.of("Tokens issued per day", this.tokensPerDay.stream().map(Day::date).toList(),
				this.tokensPerDay.stream().map(Day::tokens).toList());
	}

	/**
	 * Tokens issued on one day.
	 *
	 * @param date the day (ISO-8601)
	 * @param tokens how many
	 */
	public record Day(String date, long tokens) {
	}

	/**
	 * A scope the client received.
	 *
	 * @param scope the scope
	 * @param tokens in how many tokens
	 * @param lastReceived the last day it was in one
	 */
	public record ScopeUse(String scope, long tokens, String lastReceived) {
	}

}
