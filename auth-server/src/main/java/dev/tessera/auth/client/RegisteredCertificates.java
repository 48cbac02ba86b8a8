package dev.tessera.auth.client;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The certificates a {@code self_signed_tls_client_auth} client registers (RFC 8705
 * §2.2): the first certificate of each key's {@code x5c} in its JWK set, which must hold
 * that very key. A client authenticates with one of them; nothing else about it is
 * trusted, so its issuer does not matter.
 */
public final class RegisteredCertificates {

	private RegisteredCertificates() {
	}

	/**
	 * What is wrong with an inline set for {@code self_signed_tls_client_auth}, or empty:
	 * every key must carry {@code x5c}, and its first certificate must hold the key.
	 */
	static Optional<String> problemWith(String json) {
		JWKSet set;
		try {
			set = JWKSet.parse(json);
		}
		catch (ParseException | RuntimeException ex) {
			return Optional.of("is not a JSON Web Key Set");
		}
		for (JWK key : set.getKeys()) {
			String name = "key '" + key.getKeyID() + "'";
			if (key.getX509CertChain() == null || key.getX509CertChain().isEmpty()) {
				return Optional.of(name + " has no x5c: self_signed_tls_client_auth needs the client's certificate "
						+ "in each key's x5c");
			}
			List<X509Certificate> chain = key.getParsedX509CertChain();
			if (chain == null || chain.isEmpty()) {
				return Optional.of("the x5c of " + name + " is not a certificate chain");
			}
			if (!holdsKey(chain.get(0), key)) {
				return Optional.of("the first x5c certificate of " + name + " does not hold that key");
			}
		}
		return Optional.empty();
	}

	/** The first {@code x5c} certificate of each key that has one holding its key. */
	public static List<X509Certificate> of(List<JWK> keys) {
		List<X509Certificate> certificates = new ArrayList<>();
		for (JWK key : keys) {
			List<X509Certificate> chain = key.getParsedX509CertChain();
			if (chain != null && !chain.isEmpty() && holdsKey(chain.get(0), key)) {
				certificates.add(chain.get(0));
			}
		}
		return certificates;
	}

	/** The certificates of an inline set; none when it cannot be read. */
	public static List<X509Certificate> of(String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		try {
			return of(JWKSet.parse(json).getKeys());
		}
		catch (ParseException | RuntimeException ex) {
			return List.of();
		}
	}

	private static boolean holdsKey(X509Certificate certificate, JWK key) {
		if (!(key instanceof AsymmetricJWK asymmetric)) {
			return false;
		}
		try {
			PublicKey registered = asymmetric.toPublicKey();
			return Arrays.equals(registered.getEncoded(), certificate.getPublicKey().getEncoded());
		}
		catch (JOSEException | RuntimeException ex) {
			return false;
		}
	}

}
