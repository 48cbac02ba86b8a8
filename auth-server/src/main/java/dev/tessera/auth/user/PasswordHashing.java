package dev.tessera.auth.user;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How people's passwords are hashed: Argon2id (RFC 9106) with 19 MiB of memory, 2 passes
 * and 1 lane, a 16-byte salt and a 32-byte hash, OWASP's recommended minimum for
 * Argon2id. Measured on this project's 2-core machine (Bouncy Castle 1.87, Java 17,
 * warmed up, one verification at a time, the machine shared with other builds): 45-110 ms
 * per hash over six runs of 10-40 hashes, about 60 ms typical (16 MiB and 2 passes took
 * 44-53 ms, 47 MiB and 1 pass 82 ms), so signing in is slow for a guesser and still quick
 * for a person. Each verification holds 19 MiB while it runs.
 *
 * <p>
 * Hashes are stored in Spring Security's delegating format: {@code {argon2}...} for every
 * new hash; {@code {bcrypt}...} hashes written by earlier versions still verify, and
 * signing in with one replaces it by an Argon2id hash
 * ({@link AppUserDetailsService#updatePassword}), as does an Argon2id hash with weaker
 * parameters than these. Any other stored format never matches.
 */
public final class PasswordHashing {

	/** The prefix of every hash this version writes. */
	public static final String ID = "argon2";

	static final int SALT_LENGTH = 16;

	static final int HASH_LENGTH = 32;

	static final int PARALLELISM = 1;

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	private PasswordHashing() {
	}

	/** The encoder for people's passwords (never for client secrets). */
	public static PasswordEncoder encoder() {
		PasswordEncoder argon2 = new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB,
				ITERATIONS);
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(ID,
				Map.of(ID, argon2, "bcrypt", new BCryptPasswordEncoder()));
		encoder.setDefaultPasswordEncoderForMatches(new NeverMatches());
		return encoder;
	}

	/** A stored hash in a format this server does not write: no password matches it. */
	private static final class NeverMatches implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawPassword) {
			throw new UnsupportedOperationException("Only matches");
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			return false;
		}

	}

}
