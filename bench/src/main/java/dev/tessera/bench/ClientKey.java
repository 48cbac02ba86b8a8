package dev.tessera.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The key pair of the benchmark's {@code private_key_jwt} client: the private half signs
 * assertions, the public half is registered with each server (inline with Tessera, at a
 * loopback {@code jwks_uri} with the baseline, which accepts only a URL). The JWT-bearer
 * scenario's partner identity provider has one too ({@link PartnerIdentityProvider}).
 */
record ClientKey(JWK privateKey, JWSAlgorithm algorithm) {

	static ClientKey generate(String algorithm) {
		String kid = "bench-" + UUID.randomUUID().toString().substring(0, 8);
		try {
			if ("ES256".equals(algorithm)) {
				ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid)
					.algorithm(JWSAlgorithm.ES256)
					.keyUse(KeyUse.SIGNATURE)
					.generate();
				return new ClientKey(key, JWSAlgorithm.ES256);
			}
			RSAKey key = new RSAKeyGenerator(2048).keyID(kid)
				.algorithm(JWSAlgorithm.RS256)
				.keyUse(KeyUse.SIGNATURE)
				.generate();
			return new ClientKey(key, JWSAlgorithm.RS256);
		}
		catch (JOSEException ex) {
			throw new BenchmarkException("could not generate an " + algorithm + " key", ex);
		}
	}

	/**
	 * A new signer (Nimbus signers are thread-safe, but one per thread avoids any shared
	 * state).
	 */
	JWSSigner signer() {
		try {
			return (this.privateKey instanceof ECKey ec) ? new ECDSASigner(ec)
					: new RSASSASigner((RSAKey) this.privateKey);
		}
		catch (JOSEException ex) {
			throw new BenchmarkException("could not use the key " + this.privateKey.getKeyID(), ex);
		}
	}

	/** {@code {"keys":[public JWK]}} as a JSON object. */
	Map<String, Object> publicJwks() {
		return Map.of("keys", List.of(this.privateKey.toPublicJWK().toJSONObject()));
	}

	String publicJwksJson() {
		return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(publicJwks());
	}

}
