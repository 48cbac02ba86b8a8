package dev.tessera.auth.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A client's "tokens not before" value: the tokens it obtained before its last security
 * change (see {@link SecurityChange}) are inactive everywhere (introspection, revocation,
 * the admin API). It is set when the client is registered, so a deleted client's tokens
 * do not pass for a new client with the same {@code client_id}, and moved forward by
 * every security change.
 *
 * <p>
 * Each access token carries, in the private claim {@value #CLAIM}, the value of the very
 * client snapshot whose scopes it was issued with, as microseconds since the epoch (the
 * precision PostgreSQL stores, so the comparison is exact). A token is active only while
 * that value is not below the client's current one. Comparing {@code iat} instead would
 * trust the issuing node's clock and its cache: a request that read the client before a
 * change committed, or a node whose cached copy is not yet evicted, would issue a token
 * with the old scopes and an {@code iat} after the change. A checker whose cached copy is
 * older than the issuer's accepts the issuer's tokens ({@code >=}), so a fresh token is
 * never refused for a cache that is merely behind.
 *
 * <p>
 * Every change stores a value strictly above the current one, whatever the node's clock
 * says, so the tokens of the snapshot before a change always end. Tokens issued before
 * the claim existed have none; for them the older rule holds: inactive when their
 * {@code iat} is before the value.
 */
public final class TokensNotBefore {

	/** The private claim (RFC 7519 §4.3) naming the snapshot a token was issued from. */
	public static final String CLAIM = "tnb";

	private TokensNotBefore() {
	}

	/** The value to store when a client is registered at {@code now}. */
	public static Instant registeredAt(Instant now) {
		return now.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The value to store for a security change at {@code now}: now, and always above
	 * {@code current}.
	 */
	public static Instant after(Instant current, Instant now) {
		Instant next = now.truncatedTo(ChronoUnit.MICROS);
		return (current == null || next.isAfter(current)) ? next : current.plus(1, ChronoUnit.MICROS);
	}

	/**
	 * The {@value #CLAIM} claim for a token issued from this client snapshot; null if it
	 * has no value.
	 */
	public static Long claim(RegisteredClient client) {
		Instant notBefore = TesseraClientSettings.tokensNotBefore(client);
		return (notBefore != null) ? micros(notBefore) : null;
	}

	/**
	 * Whether a token was issued before the client's last security change.
	 * @param claim the token's {@value #CLAIM} claim, null for a token issued before it
	 * existed
	 * @param issuedAt the token's {@code iat}, consulted only when it has no claim
	 * @param client the client as the checker knows it now
	 */
	public static boolean predates(Object claim, Instant issuedAt, RegisteredClient client) {
		return predates(claim, issuedAt, TesseraClientSettings.tokensNotBefore(client));
	}

	static boolean predates(Object claim, Instant issuedAt, Instant notBefore) {
		if (notBefore == null) {
			return false;
		}
		if (claim != null) {
			return !(claim instanceof Long || claim instanceof Integer)
					|| ((Number) claim).longValue() < micros(notBefore);
		}
		return issuedAt == null || issuedAt.isBefore(notBefore);
	}

	static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
	}

}
