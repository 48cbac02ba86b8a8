package dev.tessera.auth.key;

import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The key set a node works with between two refreshes: the one key that signs (with
 * its private part) and every published key (public parts only, the signing key
 * included).
 *
 * @param signing the {@code ACTIVE} key, private part included
 * @param published the keys resource servers may see in the JWKS
 */
public record KeySnapshot(JWK signing, List<JWK> published) {

	public JWSAlgorithm signingAlgorithm() {
		return JWSAlgorithm.parse(this.signing.getAlgorithm().getName());
	}

	/** The set the encoder selects from: the signing key with its private part, the others public. */
	JWKSet forSigning() {
		List<JWK> keys = new java.util.ArrayList<>(this.published.size());
		keys.add(this.signing);
		for (JWK key : this.published) {
			if (!key.getKeyID().equals(this.signing.getKeyID())) {
				keys.add(key);
			}
		}
		return new JWKSet(keys);
	}

}
