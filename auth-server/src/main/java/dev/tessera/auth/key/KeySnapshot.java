package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The key set a node works with between two refreshes: the one key that signs (with its
 * private part), every published key (public parts only, the signing key included), and
 * the JWKS document with its strong ETag, serialized once per change rather than per
 * request.
 *
 * @param signing the {@code ACTIVE} key, private part included
 * @param signingActivatedAt when it started signing
 * @param published the keys resource servers may see in the JWKS
 */
public record KeySnapshot(JWK signing, Instant signingActivatedAt, List<JWK> published, byte[] jwksJson, String etag,
		JWKSet forSigning) {

	static KeySnapshot of(JWK signing, Instant signingActivatedAt, List<JWK> published) {
		byte[] json = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
		return new KeySnapshot(signing, signingActivatedAt, List.copyOf(published), json, etag(json),
				signingSet(signing, published));
	}

	/**
	 * Names the keys only: a record's default would print the private key's parameters.
	 */
	@Override
	public String toString() {
		return "KeySnapshot[signing=" + this.signing.getKeyID() + ", published="
				+ this.published.stream().map(JWK::getKeyID).toList() + ", etag=" + this.etag + "]";
	}

	public JWSAlgorithm signingAlgorithm() {
		return JWSAlgorithm.parse(this.signing.getAlgorithm().getName());
	}

	/**
	 * The set the encoder selects from: the signing key with its private part, the others
	 * public.
	 */
	private static JWKSet signingSet(JWK signing, List<JWK> published) {
		List<JWK> keys = new ArrayList<>(published.size());
		keys.add(signing);
		for (JWK key : published) {
			if (!key.getKeyID().equals(signing.getKeyID())) {
				keys.add(key);
			}
		}
		return new JWKSet(keys);
	}

	private static String etag(byte[] json) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
			return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
