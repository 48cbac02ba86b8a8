package dev.tessera.auth.jose;

import java.text.ParseException;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The keys that verify outside assertions, as Nimbus key sources, under
 * {@link VerificationKeyPolicy} whether they are registered inline or fetched: a secret
 * in an inline set refuses the set, and keys outside the policy are left out of either.
 * Shared by {@code private_key_jwt} and the JWT-bearer grant.
 */
public final class VerificationKeySources {

	private VerificationKeySources() {
	}

	/**
	 * An inline key set, as registered.
	 * @throws IllegalArgumentException saying what is wrong with it ("is not a valid JWK
	 * set", or the secret it holds)
	 */
	public static JWKSource<SecurityContext> inline(String json) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(json);
		}
		catch (ParseException | RuntimeException ex) { // Nimbus throws NPE on a null key
			throw new IllegalArgumentException("is not a valid JWK set");
		}
		VerificationKeyPolicy.secretIn(keys).ifPresent((problem) -> {
			throw new IllegalArgumentException(problem);
		});
		return new ImmutableJWKSet<>(
				new JWKSet(keys.getKeys().stream().filter(VerificationKeyPolicy::accepts).toList()));
	}

	/** A fetched key source, with only the keys the policy accepts. */
	public static JWKSource<SecurityContext> accepted(JWKSource<SecurityContext> fetched) {
		return (selector,
				context) -> fetched.get(selector, context).stream().filter(VerificationKeyPolicy::accepts).toList();
	}

	/**
	 * Three parts and a signature: no unsigned ({@code alg: none}, an empty third part)
	 * or encrypted (five parts) token goes further.
	 */
	public static boolean isSignedJwt(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		return second > 0 && second < token.length() - 1 && token.indexOf('.', second + 1) < 0;
	}

}
