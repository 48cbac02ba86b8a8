package dev.tessera.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The Tessera-specific client attributes carried in Spring's {@code ClientSettings}: the
 * scopes a token gets when none are requested, the audiences put into {@code aud}, and
 * the time before which its tokens are inactive.
 */
public final class TesseraClientSettings {

	public static final String DEFAULT_SCOPES = "tessera.client.default-scopes";

	public static final String AUDIENCES = "tessera.client.audiences";

	public static final String TOKENS_NOT_BEFORE = "tessera.client.tokens-not-before";

	public static final String REFRESH_TOKEN_IDLE = "tessera.client.refresh-token-idle";

	public static final String REFRESH_TOKEN_ABSOLUTE = "tessera.client.refresh-token-absolute";

	/** A refresh token's lifetime from its issue when the client sets none. */
	public static final Duration DEFAULT_REFRESH_TOKEN_IDLE = Duration.ofDays(7);

	/**
	 * A refresh token family's lifetime from its code exchange when the client sets none.
	 */
	public static final Duration DEFAULT_REFRESH_TOKEN_ABSOLUTE = Duration.ofDays(30);

	private TesseraClientSettings() {
	}

	public static Set<String> defaultScopes(RegisteredClient client) {
		Set<String> scopes = client.getClientSettings().getSetting(DEFAULT_SCOPES);
		return (scopes != null) ? scopes : Set.of();
	}

	/** See {@link TokensNotBefore}; null only for a client built outside the mapper. */
	public static Instant tokensNotBefore(RegisteredClient client) {
		Instant notBefore = client.getClientSettings().getSetting(TOKENS_NOT_BEFORE);
		return (notBefore != null) ? notBefore : client.getClientIdIssuedAt();
	}

	public static List<String> audiences(RegisteredClient client) {
		List<String> audiences = client.getClientSettings().getSetting(AUDIENCES);
		return (audiences != null) ? audiences : List.of();
	}

	public static Duration refreshTokenIdle(RegisteredClient client) {
		Duration idle = client.getClientSettings().getSetting(REFRESH_TOKEN_IDLE);
		return (idle != null) ? idle : DEFAULT_REFRESH_TOKEN_IDLE;
	}

	public static Duration refreshTokenAbsolute(RegisteredClient client) {
		Duration absolute = client.getClientSettings().getSetting(REFRESH_TOKEN_ABSOLUTE);
		return (absolute != null) ? absolute : DEFAULT_REFRESH_TOKEN_ABSOLUTE;
	}

}
