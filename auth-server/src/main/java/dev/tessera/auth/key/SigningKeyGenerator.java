package dev.tessera.auth.key;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Makes new signing keys for the allowed algorithms: RS256 and PS256 (RSA 2048), ES256
 * (P-256). Each key carries {@code kid}, {@code alg} and {@code use: sig}.
 */
public final class SigningKeyGenerator {

	/**
	 * The algorithms Tessera signs with, and the only ones it accepts on its own tokens.
	 */
	public static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

	private static final SecureRandom RANDOM = new SecureRandom();

	private SigningKeyGenerator() {
	}

	public static JWSAlgorithm algorithm(String name) {
		JWSAlgorithm alg = JWSAlgorithm.parse(name.trim().toUpperCase(java.util.Locale.ROOT));
		if (!ALLOWED.contains(alg)) {
			throw new IllegalArgumentException(
					"Unsupported signing algorithm '" + name + "': choose one of RS256, PS256, ES256");
		}
		return alg;
	}

	public static JWK generate(JWSAlgorithm alg) {
		String kid = newKid();
		try {
			if (JWSAlgorithm.ES256.equals(alg)) {
				return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
			}
			return new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + alg + " key", ex);
		}
	}

	private static String newKid() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
