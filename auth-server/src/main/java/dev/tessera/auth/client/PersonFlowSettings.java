package dev.tessera.auth.client;

import java.time.Duration;
import java.util.Set;

/**
 * The settings of a client that acts for a person (authorization code, refresh tokens,
 * OpenID Connect logout), kept together so that the many places building a
 * {@link ClientDraft} for a machine client need not spell them out. {@code firstParty}:
 * the client is the operator's own, so its users are not asked for consent.
 * {@code postLogoutRedirectUris}: where end_session may send the browser back (exact
 * URIs, the same rules as redirect URIs). The refresh-token lifetimes are in seconds,
 * {@code null} meaning the server's default: idle is how long a refresh token family may
 * go unused, absolute how long it may live at all. The defaults and caps live here, in
 * one place, for {@link ClientRules} and {@link RegisteredClientMapper} alike.
 */
public record PersonFlowSettings(boolean firstParty, Set<String> postLogoutRedirectUris,
		Integer refreshTokenIdleSeconds, Integer refreshTokenAbsoluteSeconds) {

	/** A refresh token family unused for 7 days ends. */
	public static final int DEFAULT_REFRESH_IDLE_SECONDS = 7 * 24 * 3600;

	/** A refresh token family ends 30 days after its sign-in, however much it is used. */
	public static final int DEFAULT_REFRESH_ABSOLUTE_SECONDS = 30 * 24 * 3600;

	/** The shortest refresh-token lifetime a client may ask for: one minute. */
	public static final int MIN_REFRESH_SECONDS = 60;

	/** The longest refresh-token lifetime a client may ask for: 90 days. */
	public static final int MAX_REFRESH_SECONDS = 90 * 24 * 3600;

	/** A machine client's: third-party, no post-logout URIs, default lifetimes. */
	public static final PersonFlowSettings NONE = new PersonFlowSettings(false, Set.of(), null, null);

	public PersonFlowSettings {
		postLogoutRedirectUris = ClientDraft.orEmpty(postLogoutRedirectUris, "postLogoutRedirectUris");
	}

	/** The idle lifetime the client's refresh tokens get, its own or the default. */
	public Duration refreshTokenIdle() {
		return Duration.ofSeconds(effectiveIdleSeconds());
	}

	/** The absolute lifetime the client's refresh tokens get, its own or the default. */
	public Duration refreshTokenAbsolute() {
		return Duration.ofSeconds(effectiveAbsoluteSeconds());
	}

	int effectiveIdleSeconds() {
		return (this.refreshTokenIdleSeconds != null) ? this.refreshTokenIdleSeconds : DEFAULT_REFRESH_IDLE_SECONDS;
	}

	int effectiveAbsoluteSeconds() {
		return (this.refreshTokenAbsoluteSeconds != null) ? this.refreshTokenAbsoluteSeconds
				: DEFAULT_REFRESH_ABSOLUTE_SECONDS;
	}

	/** The settings of a stored client. */
	public static PersonFlowSettings of(Client client) {
		return new PersonFlowSettings(client.isFirstParty(), Set.copyOf(client.getPostLogoutRedirectUris()),
				client.getRefreshTokenIdleSeconds(), client.getRefreshTokenAbsoluteSeconds());
	}

}
