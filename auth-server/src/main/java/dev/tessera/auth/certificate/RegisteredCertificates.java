package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The certificates a client registered, as the inventory lists them: what
 * {@code client.RegisteredCertificates} reads from its inline JWKS (the first {@code x5c}
 * certificate of each key, holding that key: the one {@code self_signed_tls_client_auth}
 * compares the presented certificate with), named by the key they came from. A key set
 * fetched from a {@code jwksUri} is not listed: it changes at the client's will and is
 * read only when a request needs it.
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
			String source = (key.getKeyID() != null) ? "jwks kid " + key.getKeyID() : "jwks";
			for (X509Certificate certificate : dev.tessera.auth.client.RegisteredCertificates.of(List.of(key))) {
				certificates.add(KnownCertificate.of(certificate, CertificateKind.CLIENT, clientId, source));
			}
		}
		return certificates;
	}

}
