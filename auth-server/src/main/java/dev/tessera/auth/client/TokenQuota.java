package dev.tessera.auth.client;

import java.util.List;

import dev.tessera.auth.problem.FieldProblem;

/**
 * The most access tokens a client may get per UTC hour ({@code hourly}) and per UTC day
 * ({@code daily}), over every grant and every node of the cluster; {@code null} means no
 * limit. Model: Auth0's fine-grained machine-to-machine token quotas. A client without
 * either ({@link #NONE}) is not counted at all, so quotas cost it nothing.
 */
public record TokenQuota(Integer hourly, Integer daily) {

	/** No limit: the default, and a client that is not counted. */
	public static final TokenQuota NONE = new TokenQuota(null, null);

	/** Whether the client's tokens are counted. */
	public boolean limited() {
		return this.hourly != null || this.daily != null;
	}

	/** The quota of a stored client. */
	public static TokenQuota of(Client client) {
		return new TokenQuota(client.getTokenQuotaHourly(), client.getTokenQuotaDaily());
	}

	/**
	 * What is wrong with the quota, field by field: each set value a positive number, and
	 * a day allowing at least an hour's worth.
	 */
	List<FieldProblem> problems() {
		List<FieldProblem> problems = new java.util.ArrayList<>();
		boolean hourlyValid = positive("hourlyTokenQuota", this.hourly, problems);
		boolean dailyValid = positive("dailyTokenQuota", this.daily, problems);
		if (hourlyValid && dailyValid && this.hourly != null && this.daily != null && this.daily < this.hourly) {
			problems.add(new FieldProblem("dailyTokenQuota", "must be at least hourlyTokenQuota (" + this.hourly
					+ "): a day cannot allow fewer tokens than one of its hours"));
		}
		return problems;
	}

	private static boolean positive(String field, Integer value, List<FieldProblem> problems) {
		if (value != null && value < 1) {
			problems
				.add(new FieldProblem(field, "must be a positive whole number of tokens (leave it out for no limit)"));
			return false;
		}
		return true;
	}

}
