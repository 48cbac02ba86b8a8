package dev.tessera.auth.token;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A refresh token family is the authorization a person gave a client: the first refresh
 * token comes with the code exchange, each refresh replaces it, and all of them, with the
 * access tokens issued alongside, end together. A refresh token carries its family's id
 * ahead of 256 random bits, so a rotated token presented again by the family's own client
 * still names the family it came from, which is then revoked (reuse means two parties
 * hold the family's tokens). Access tokens of the family carry, in {@value #CLAIM}, a
 * {@link #handle(String) one-way handle} of the id rather than the id itself, so revoking
 * the family denies them all, not only the latest, while a resource server that sees an
 * access token learns nothing it could put in a refresh token.
 */
public final class RefreshTokenFamily {

	/** The access-token claim naming the family. */
	public static final String CLAIM = "tessera_authorization";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private RefreshTokenFamily() {
	}

	/** A new refresh token value of the family with this authorization id. */
	static String newTokenValue(String authorizationId) {
		UUID family = UUID.fromString(authorizationId);
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		ByteBuffer value = ByteBuffer.allocate(48);
		value.putLong(family.getMostSignificantBits()).putLong(family.getLeastSignificantBits()).put(secret);
		return ENCODER.encodeToString(value.array());
	}

	/** The family a refresh token value names, if it has the shape of one. */
	public static Optional<String> of(String refreshToken) {
		if (refreshToken == null || refreshToken.length() != 64) {
			return Optional.empty();
		}
		try {
			ByteBuffer value = ByteBuffer.wrap(Base64.getUrlDecoder().decode(refreshToken));
			return Optional.of(new UUID(value.getLong(), value.getLong()).toString());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** What access tokens of the family carry: a one-way, 128-bit handle of its id. */
	public static String handle(String authorizationId) {
		String hash = TokenHashes.hash("tessera-family:" + authorizationId);
		return hash.substring(TokenHashes.PREFIX.length(), TokenHashes.PREFIX.length() + 22);
	}

	/** The deny-list entry that makes every access token of the family inactive. */
	static String denyListKey(String authorizationId) {
		return denyListKeyOfHandle(handle(authorizationId));
	}

	/** The same, from the {@value #CLAIM} an access token carries. */
	static String denyListKeyOfHandle(String handle) {
		return "family:" + handle;
	}

}
