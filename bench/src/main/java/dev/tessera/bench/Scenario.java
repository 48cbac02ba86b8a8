package dev.tessera.bench;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the load generator asks a server for: the calls on the hot path of every
 * integration (a token, by secret, by signed client assertion or in exchange for a
 * partner's assertion), the one a person's client makes every few minutes (a refresh,
 * which rotates the refresh token), the one resource servers make (introspection), the
 * one they cache (JWKS), and a partner's token request authenticated by its TLS client
 * certificate (RFC 8705 {@code tls_client_auth}) on a kept-alive connection, on a new
 * connection resuming its TLS session, and on a new connection with a full handshake.
 */
public enum Scenario {

	TOKEN_SECRET("token-basic", "token client_secret_basic", true, null, Tls.NONE),

	TOKEN_PRIVATE_KEY_JWT("token-pkjwt", "token private_key_jwt", true, null, Tls.NONE),

	TOKEN_JWT_BEARER("token-jwt-bearer", "token jwt-bearer", true, "SAS has no JWT-bearer grant", Tls.NONE),

	TOKEN_REFRESH("token-refresh", "token refresh_token", true,
			"the baseline app has no users or sign-in page for the code flow", Tls.NONE),

	INTROSPECTION("introspection", "introspection", false, null, Tls.NONE),

	JWKS("jwks", "jwks", false, null, Tls.NONE),

	/** {@code tls_client_auth} on kept-alive TLS connections: the handshake paid once. */
	TOKEN_MTLS("token-mtls", "token mTLS keep-alive", true, Scenario.NO_TLS_BASELINE, Tls.KEEP_ALIVE),

	/** A new TLS connection per request, resuming the client's last session. */
	TOKEN_MTLS_RESUMED("token-mtls-resumed", "token mTLS resumed", true, Scenario.NO_TLS_BASELINE, Tls.RESUMED),

	/** A new TLS connection per request with a full handshake every time. */
	TOKEN_MTLS_FULL("token-mtls-full", "token mTLS full handshake", true, Scenario.NO_TLS_BASELINE, Tls.FULL),

	/**
	 * {@code client_secret_basic} tokens while a flood of failed client authentications
	 * (wrong secrets for the benchmark's client id and for unknown ones, from many
	 * addresses) runs alongside ({@link FailureFlood}): what the throttle and the counter
	 * events leave of token throughput. Chosen by name only.
	 */
	TOKEN_SECRET_UNDER_FLOOD("token-basic-under-flood", "token client_secret_basic under a failure flood", true,
			"the baseline app has no client-authentication throttle to measure", Tls.NONE);

	private static final String NO_TLS_BASELINE = "the baseline app has no TLS connector";

	/** How a scenario's connections use TLS. */
	enum Tls {

		/** Plain HTTP on the server's port. */
		NONE,

		/** One TLS connection per load connection, kept alive. */
		KEEP_ALIVE,

		/** A new TLS connection per request, the session resumed. */
		RESUMED,

		/** A new TLS connection per request, a full handshake each. */
		FULL

	}

	private final String key;

	private final String title;

	private final boolean issuesTokens;

	private final String noBaseline;

	private final Tls tls;

	Scenario(String key, String title, boolean issuesTokens, String noBaseline, Tls tls) {
		this.key = key;
		this.title = title;
		this.issuesTokens = issuesTokens;
		this.noBaseline = noBaseline;
		this.tls = tls;
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

	/**
	 * How the scenario's connections use TLS; {@link Tls#NONE} for the plain-HTTP ones.
	 */
	public Tls tls() {
		return this.tls;
	}

	/** Whether the scenario talks to Tessera's TLS port with a client certificate. */
	public boolean usesTls() {
		return this.tls != Tls.NONE;
	}

	/** Whether a flood of failed client authentications runs alongside its load. */
	public boolean underFlood() {
		return this == TOKEN_SECRET_UNDER_FLOOD;
	}

	/**
	 * Whether a run's failure flood names its addresses in {@code X-Forwarded-For}, the
	 * servers then trusting loopback as a proxy: only without mTLS scenarios, since a
	 * trusted proxy's own client certificate is never taken for its client's (RFC 9440
	 * rules), which would refuse the benchmark's mTLS client. With them, the flood comes
	 * from loopback itself, for unknown client ids only.
	 */
	public static boolean floodNamesAddresses(Set<Scenario> scenarios) {
		return scenarios.stream().anyMatch(Scenario::underFlood) && scenarios.stream().noneMatch(Scenario::usesTls);
	}

	/**
	 * The scenarios of a run without {@code --scenarios}: all but the mTLS ones, which
	 * need the server started with its TLS connector, and the one under a failure flood,
	 * which are chosen by name (or with {@code all}), so a default run measures the same
	 * server, for the same time, as before they existed.
	 */
	public static Set<Scenario> defaults() {
		Set<Scenario> defaults = new LinkedHashSet<>();
		for (Scenario scenario : values()) {
			if (!scenario.usesTls() && !scenario.underFlood()) {
				defaults.add(scenario);
			}
		}
		return defaults;
	}

	/**
	 * Scenario keys, comma-separated; {@code all} stands for every scenario,
	 * {@code default} for {@link #defaults()} and {@code mtls} for the three mTLS ones.
	 */
	static Set<Scenario> parseList(String value) {
		Set<Scenario> chosen = new LinkedHashSet<>();
		for (String part : value.split(",")) {
			String key = part.trim().toLowerCase(Locale.ROOT);
			if (key.isEmpty()) {
				continue;
			}
			if (key.equals("all")) {
				chosen.addAll(java.util.Arrays.asList(values()));
				continue;
			}
			if (key.equals("default")) {
				chosen.addAll(defaults());
				continue;
			}
			if (key.equals("mtls")) {
				for (Scenario s : values()) {
					if (s.usesTls()) {
						chosen.add(s);
					}
				}
				continue;
			}
			Scenario match = null;
			for (Scenario s : values()) {
				if (s.key.equals(key)) {
					match = s;
				}
			}
			if (match == null) {
				throw new IllegalArgumentException("unknown scenario '" + key + "'; known: " + keys(Set.of(values()))
						+ " (or all, default, mtls)");
			}
			chosen.add(match);
		}
		return chosen;
	}

	static String keys(Set<Scenario> scenarios) {
		return scenarios.stream().sorted().map(Scenario::key).collect(Collectors.joining(","));
	}

}
