package dev.tessera.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The Tessera-specific client attributes carried in Spring's {@code ClientSettings}: the
 * scopes a token gets when none are requested, the audiences put into {@code aud}, the
 * time before which its tokens are inactive, and the idle and absolute lifetimes of its
 * refresh token families (Spring's {@code TokenSettings} has room for one refresh-token
 * lifetime only; it holds the idle one too), and the certificate identity of a
 * {@code tls_client_auth} client (kept as two strings, kind and value), and its token
 * quota.
 */
public final class TesseraClientSettings {

	public static final String DEFAULT_SCOPES = "tessera.client.default-scopes";

	public static final String AUDIENCES = "tessera.client.audiences";

	public static final String TOKENS_NOT_BEFORE = "tessera.client.tokens-not-before";

	/** A {@link Duration}: a refresh token family unused this long ends. */
	public static final String REFRESH_TOKEN_IDLE = "tessera.client.refresh-token-idle";

	/** A {@link Duration}: a refresh token family ends this long after its sign-in. */
	public static final String REFRESH_TOKEN_ABSOLUTE = "tessera.client.refresh-token-absolute";

	/**
	 * A {@link TlsClientIdentity.Kind} name: which certificate identity a
	 * {@code tls_client_auth} client registered (with {@link #TLS_IDENTITY_VALUE}).
	 */
	public static final String TLS_IDENTITY_KIND = "tessera.client.tls-identity-kind";

	/** The registered value of the {@link #TLS_IDENTITY_KIND} identity. */
	public static final String TLS_IDENTITY_VALUE = "tessera.client.tls-identity-value";

	/**
	 * A {@link TokenQuota}, set only for a client with a limit: absent, the client's
	 * tokens are not counted.
	 */
	public static final String TOKEN_QUOTA = "tessera.client.token-quota";

	private TesseraClientSettings() {
	}

	/**
	 * The client's token quota, or null when it has none (one map lookup: this is on
	 * every token's path).
	 */
	public static TokenQuota tokenQuota(RegisteredClient client) {
		return client.getClientSettings().getSetting(TOKEN_QUOTA);
	}

	/**
	 * The certificate identity of a {@code tls_client_auth} client;
	 * {@link TlsClientIdentity#NONE} when it has none.
	 */
	public static TlsClientIdentity tlsIdentity(RegisteredClient client) {
		String kind = client.getClientSettings().getSetting(TLS_IDENTITY_KIND);
		String value = client.getClientSettings().getSetting(TLS_IDENTITY_VALUE);
		return (kind != null) ? TlsClientIdentity.of(TlsClientIdentity.Kind.valueOf(kind), value)
				: TlsClientIdentity.NONE;
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

	/**
	 * How long the client's refresh token family may go unused; the server's default for
	 * a client built outside the mapper.
	 */
	public static Duration refreshTokenIdle(RegisteredClient client) {
		Duration idle = client.getClientSettings().getSetting(REFRESH_TOKEN_IDLE);
		return (idle != null) ? idle : PersonFlowSettings.NONE.refreshTokenIdle();
	}

	/**
	 * How long after its sign-in the client's refresh token family ends, however much it
	 * is used; the server's default for a client built outside the mapper.
	 */
	public static Duration refreshTokenAbsolute(RegisteredClient client) {
		Duration absolute = client.getClientSettings().getSetting(REFRESH_TOKEN_ABSOLUTE);
		return (absolute != null) ? absolute : PersonFlowSettings.NONE.refreshTokenAbsolute();
	}

}
