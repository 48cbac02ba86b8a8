package dev.tessera.auth.jose;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Which keys may verify an assertion made outside this server: a client's
 * {@code private_key_jwt} assertions and a trusted issuer's JWT-bearer assertions. The
 * one rule applied wherever such a key set enters the server: at registration (inline
 * {@code jwks}), when an inline set is used ({@link VerificationKeySources}), and when a
 * set is fetched from a {@code jwksUri}. A set is accepted only if every key in it is an
 * RSA or EC public key (never a private part, never a symmetric or other key type), an
 * RSA modulus has at least {@value #MIN_RSA_BITS} bits, an EC key lies on P-256, P-384 or
 * P-521, the key's {@code alg} (if given) is one of {@link #ALLOWED_ALGORITHMS} and its
 * {@code use} (if given) is {@code sig}. At registration a set that breaks a rule is
 * refused as a whole, with the first problem named ({@link #problemWith}); at use (an
 * inline set, a fetched one) only a secret refuses the set ({@link #secretIn}) and keys
 * outside the policy are left out ({@link #accepts}).
 * <p>
 * Plain rules with no Spring behind them, so every caller (and a unit test) uses the same
 * ones.
 */
public final class VerificationKeyPolicy {

	/**
	 * The signature algorithms an assertion may use, and so a key's {@code alg}:
	 * asymmetric only, no HMAC (a shared secret) and no {@code none}. Also what discovery
	 * advertises as {@code token_endpoint_auth_signing_alg_values_supported}.
	 */
	public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	/** The curves an EC key may lie on (those of ES256, ES384 and ES512). */
	public static final Set<Curve> ALLOWED_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

	/** The least size of an RSA modulus, in bits. */
	public static final int MIN_RSA_BITS = 2048;

	private VerificationKeyPolicy() {
	}

	/**
	 * The first rule this set breaks, as the end of a sentence that starts with "the key
	 * set" (for example "must hold public keys only; key 'k1' has a private part"), or
	 * empty if the set is acceptable. An empty set is acceptable here; whether a client
	 * must register at least one key is the registration's rule.
	 */
	/**
	 * What is wrong with a key set an admin registers inline, as JSON (not a JWK set, no
	 * key, or the first key that breaks the policy), or empty when it may be stored.
	 */
	public static Optional<String> registrationProblem(String json) {
		JWKSet set;
		try {
			set = JWKSet.parse(json);
		}
		catch (ParseException | RuntimeException ex) { // Nimbus throws NPE on a null key
			return Optional.of("is not a JSON Web Key Set");
		}
		if (set.getKeys().isEmpty()) {
			return Optional.of("holds no key");
		}
		return problemWith(set);
	}

	public static Optional<String> problemWith(JWKSet keys) {
		return problemWith(keys.getKeys());
	}

	/** As {@link #problemWith(JWKSet)}, for a list of keys. */
	public static Optional<String> problemWith(List<JWK> keys) {
		for (JWK key : keys) {
			Optional<String> problem = problemWith(key);
			if (problem.isPresent()) {
				return problem;
			}
		}
		return Optional.empty();
	}

	/**
	 * For a set already registered or published by the client, at use: a secret in it (a
	 * private part or a symmetric key) refuses the whole set, since its publisher has
	 * leaked or misplaced a secret; any other key outside the policy is simply not used
	 * ({@link #accepts}), so a set that also carries, say, an encryption key keeps
	 * working with its signing keys.
	 */
	public static Optional<String> secretIn(JWKSet keys) {
		for (JWK key : keys.getKeys()) {
			if (KeyType.OCT.equals(key.getKeyType())) {
				return Optional.of("must hold RSA or EC public keys, not symmetric keys");
			}
			if (key.isPrivate()) {
				return Optional.of("must hold public keys only; key '" + key.getKeyID() + "' has a private part");
			}
		}
		return Optional.empty();
	}

	/** Whether this key may verify a client assertion (every rule above holds for it). */
	public static boolean accepts(JWK key) {
		return problemWith(key).isEmpty();
	}

	private static Optional<String> problemWith(JWK key) {
		String name = "key '" + key.getKeyID() + "'";
		if (KeyType.OCT.equals(key.getKeyType())) {
			return Optional.of("must hold RSA or EC public keys, not symmetric keys");
		}
		if (key.isPrivate()) {
			return Optional.of("must hold public keys only; " + name + " has a private part");
		}
		if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
			return Optional.of("must hold RSA or EC public keys; " + name + " is of type " + key.getKeyType());
		}
		if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
			return Optional.of(name + " is for use '" + key.getKeyUse().identifier() + "', not 'sig'");
		}
		if (key.getAlgorithm() != null
				&& !ALLOWED_ALGORITHMS.contains(JWSAlgorithm.parse(key.getAlgorithm().getName()))) {
			return Optional.of(name + " has alg '" + key.getAlgorithm().getName()
					+ "', which is not an allowed signature algorithm");
		}
		if (key instanceof ECKey ec && !ALLOWED_CURVES.contains(ec.getCurve())) {
			return Optional.of(name + " lies on curve " + ec.getCurve() + "; P-256, P-384 or P-521 are allowed");
		}
		return sizeOrValidity(key, name);
	}

	/**
	 * Builds the Java key, as verification will: a malformed modulus or a point off the
	 * curve fails here.
	 */
	private static Optional<String> sizeOrValidity(JWK key, String name) {
		try {
			if (key instanceof RSAKey rsa) {
				int bits = rsa.toRSAPublicKey().getModulus().bitLength();
				return (bits >= MIN_RSA_BITS) ? Optional.empty() : Optional
					.of(name + " is an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
			}
			((ECKey) key).toECPublicKey();
			return Optional.empty();
		}
		catch (JOSEException | RuntimeException ex) {
			return Optional.of(name + " is not a valid RSA or EC public key");
		}
	}

}
