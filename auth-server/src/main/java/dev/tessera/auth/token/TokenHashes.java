package dev.tessera.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What Tessera stores in place of a token value it must find again (authorization codes,
 * refresh tokens, ID tokens, consent states): its SHA-256 hash, marked with a prefix no
 * token value has, so hashing is idempotent. The values hashed are server-generated with
 * at least 256 bits of entropy (or are JWTs this server signed), so a fast unkeyed hash
 * is enough: a copy of the table gives nothing to replay and nothing to guess from.
 */
public final class TokenHashes {

	static final String PREFIX = "sha256:";

	private TokenHashes() {
	}

	/** The stored form of a token value; a value already hashed is returned as it is. */
	public static String hash(String value) {
		return value.startsWith(PREFIX) ? value : PREFIX + s256(value);
	}

	/**
	 * base64url(SHA-256(value)) without padding: also RFC 7636's {@code S256} of a PKCE
	 * verifier (whose characters are ASCII, where UTF-8 is the same).
	 */
	public static String s256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
