package dev.tessera.auth.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A client's "tokens not before" time: a token whose {@code iat} is earlier is inactive
 * everywhere (introspection, revocation, the admin API). It is set when the client is
 * registered (so a deleted client's tokens do not pass for a new client with the same
 * {@code client_id}) and moved forward by every security change (see
 * {@link SecurityChange}).
 *
 * <p>{@code iat} has whole seconds, so an instant inside a second cannot tell a token
 * issued just before a change from one issued just after it. Hence both sides round
 * the same way: a change stores its time rounded <em>up</em> to a whole second, so
 * every token issued before the change has an {@code iat} below it (a token's
 * {@code iat} is its issue time rounded down); a token issued after the change but
 * within the same second is given that rounded-up second as its {@code iat} (at most
 * one second ahead of the clock; its {@code exp} is not moved, so it never lives
 * longer), so it is not mistaken for an older one. Registration stores its time
 * rounded <em>down</em>, as Tessera always did, so a new client's first token carries
 * its real issue second.
 */
public final class TokensNotBefore {

	private TokensNotBefore() {
	}

	/** The value to store at registration: the second the client was registered in. */
	public static Instant registeredAt(Instant now) {
		return now.truncatedTo(ChronoUnit.SECONDS);
	}

	/** The value to store for a security change at {@code change}: the next whole second. */
	public static Instant after(Instant change) {
		Instant second = change.truncatedTo(ChronoUnit.SECONDS);
		return second.equals(change) ? change : second.plusSeconds(1);
	}

	/** Whether a token with this {@code iat} was issued before the client's last security change. */
	public static boolean predates(Instant issuedAt, RegisteredClient client) {
		return predates(issuedAt, TesseraClientSettings.tokensNotBefore(client));
	}

	static boolean predates(Instant issuedAt, Instant notBefore) {
		if (notBefore == null) {
			return false;
		}
		return issuedAt == null || issuedAt.isBefore(notBefore);
	}

	/** The {@code iat} for a token issued at {@code now}: whole seconds, never before the client's time. */
	public static Instant issuedAt(Instant now, RegisteredClient client) {
		return issuedAt(now, TesseraClientSettings.tokensNotBefore(client));
	}

	static Instant issuedAt(Instant now, Instant notBefore) {
		Instant second = now.truncatedTo(ChronoUnit.SECONDS);
		return (notBefore != null && second.isBefore(notBefore)) ? notBefore : second;
	}

}
