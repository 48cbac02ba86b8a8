package dev.tessera.bench;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Throw-away credentials for one run: generated fresh, passed to children through their
 * environment.
 */
final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

	/** 256 random bits, base64url: a client secret. */
	static String clientSecret() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
	}

	/** 256 random bits, standard base64: Tessera's key-encryption key. */
	static String encryptionKey() {
		return Base64.getEncoder().encodeToString(bytes(32));
	}

	private static byte[] bytes(int n) {
		byte[] bytes = new byte[n];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
