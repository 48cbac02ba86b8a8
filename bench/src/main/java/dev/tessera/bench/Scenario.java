package dev.tessera.bench;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the load generator asks a server for: the calls on the hot path of every
 * integration (a token, by secret, by signed client assertion or in exchange for a
 * partner's assertion), the one a person's client makes every few minutes (a refresh,
 * which rotates the refresh token), the one resource servers make (introspection) and the
 * one they cache (JWKS).
 */
public enum Scenario {

	TOKEN_SECRET("token-basic", "token client_secret_basic", true, null),

	TOKEN_PRIVATE_KEY_JWT("token-pkjwt", "token private_key_jwt", true, null),

	TOKEN_JWT_BEARER("token-jwt-bearer", "token jwt-bearer", true, "SAS has no JWT-bearer grant"),

	TOKEN_REFRESH("token-refresh", "token refresh_token", true,
			"the baseline app has no users or sign-in page for the code flow"),

	INTROSPECTION("introspection", "introspection", false, null),

	JWKS("jwks", "jwks", false, null);

	private final String key;

	private final String title;

	private final boolean issuesTokens;

	private final String noBaseline;

	Scenario(String key, String title, boolean issuesTokens, String noBaseline) {
		this.key = key;
		this.title = title;
		this.issuesTokens = issuesTokens;
		this.noBaseline = noBaseline;
	}

	/** The name in {@code --scenarios}. */
	public String key() {
		return this.key;
	}

	/** The name in the report. */
	public String title() {
		return this.title;
	}

	/** Whether each request signs a token, so the crypto floor bounds it. */
	public boolean issuesTokens() {
		return this.issuesTokens;
	}

	/**
	 * Whether the baseline can serve it at all; when it cannot, the report says so
	 * instead of giving a figure.
	 */
	public boolean runsOnBaseline() {
		return this.noBaseline == null;
	}

	/**
	 * What the report says in place of the baseline's figures, e.g.
	 * {@code no baseline (SAS has no JWT-bearer grant)}; {@code null} when the baseline
	 * runs it.
	 */
	public String noBaseline() {
		return (this.noBaseline != null) ? "no baseline (" + this.noBaseline + ")" : null;
	}

	static Set<Scenario> parseList(String value) {
		Set<Scenario> chosen = new LinkedHashSet<>();
		for (String part : value.split(",")) {
			String key = part.trim().toLowerCase(Locale.ROOT);
			if (key.isEmpty()) {
				continue;
			}
			Scenario match = null;
			for (Scenario s : values()) {
				if (s.key.equals(key)) {
					match = s;
				}
			}
			if (match == null) {
				throw new IllegalArgumentException("unknown scenario '" + key + "'; known: " + keys(Set.of(values())));
			}
			chosen.add(match);
		}
		return chosen;
	}

	static String keys(Set<Scenario> scenarios) {
		return scenarios.stream().sorted().map(Scenario::key).collect(Collectors.joining(","));
	}

}
