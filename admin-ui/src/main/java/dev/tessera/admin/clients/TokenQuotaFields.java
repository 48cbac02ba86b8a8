package dev.tessera.admin.clients;

import java.util.Map;

/**
 * The token quota fields of the client forms ({@code hourlyTokenQuota},
 * {@code dailyTokenQuota}, the admin API's names): typed as text, empty for no limit, a
 * whole number otherwise. Whether it is positive, and the day at least the hour, the API
 * says, next to the same field.
 */
final class TokenQuotaFields {

	static final String HOURLY = "hourlyTokenQuota";

	static final String DAILY = "dailyTokenQuota";

	private TokenQuotaFields() {
	}

	/** The number typed, or {@code null} when empty or not a whole number. */
	static Integer value(String typed) {
		try {
			return typed.isBlank() ? null : Integer.valueOf(typed.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Adds an error for each quota typed that is not a whole number. */
	static void check(String hourly, String daily, Map<String, String> errors) {
		if (!hourly.isBlank() && value(hourly) == null) {
			errors.put(HOURLY, "must be a whole number of tokens (empty: no limit)");
		}
		if (!daily.isBlank() && value(daily) == null) {
			errors.put(DAILY, "must be a whole number of tokens (empty: no limit)");
		}
	}

	/** How the details page shows a quota. */
	static String describe(Integer quota, String per) {
		return (quota != null) ? quota + " tokens per " + per : "no limit";
	}

}
