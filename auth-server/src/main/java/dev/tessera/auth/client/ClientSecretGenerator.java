package dev.tessera.auth.client;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes client secrets: 256 bits from a CSPRNG, base64url without padding (43
 * characters).
 */
public final class ClientSecretGenerator {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ClientSecretGenerator() {
	}

	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
