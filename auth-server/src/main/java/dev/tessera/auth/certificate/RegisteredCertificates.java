package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;

/**
 * The certificates a client registered: for each key of its inline JWKS that carries an
 * {@code x5c}, the first certificate of it (RFC 7517 §4.7: the one holding the key, what
 * {@code self_signed_tls_client_auth} compares the presented certificate with; the rest
 * of the chain only vouches for it). A key set fetched from a {@code jwksUri} is not
 * listed: it changes at the client's will and is read only when a request needs it.
 */
public final class RegisteredCertificates {

	private RegisteredCertificates() {
	}

	/**
	 * @param clientId the owner
	 * @param jwks the client's inline JWKS document, or null
	 * @return its certificates, in the order of its keys; none for a document that cannot
	 * be read (registration refuses those, so this only guards old rows)
	 */
	public static List<KnownCertificate> of(String clientId, String jwks) {
		if (jwks == null || jwks.isBlank()) {
			return List.of();
		}
		JWKSet set;
		try {
			set = JWKSet.parse(jwks);
		}
		catch (ParseException ex) {
			return List.of();
		}
		List<KnownCertificate> certificates = new ArrayList<>();
		for (JWK key : set.getKeys()) {
			List<Base64> chain = key.getX509CertChain();
			if (chain == null || chain.isEmpty()) {
				continue;
			}
			X509Certificate certificate = X509CertUtils.parse(chain.get(0).decode());
			if (certificate != null) {
				String source = (key.getKeyID() != null) ? "jwks kid " + key.getKeyID() : "jwks";
				certificates.add(KnownCertificate.of(certificate, CertificateKind.CLIENT, clientId, source));
			}
		}
		return certificates;
	}

}
