package dev.tessera.auth.client.certificate;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.client.RegisteredCertificates;
import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.tls.CertificateRefusedException;
import dev.tessera.auth.tls.ClientCertificateTrust;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks the certificate of an RFC 8705 client authentication, plugged into Spring's
 * {@code X509ClientCertificateAuthenticationProvider} ({@code setCertificateVerifier}),
 * which has already found the client (enabled) and the method among its registered ones.
 * <ul>
 * <li>{@code tls_client_auth} (§2.1): the chain is valid now (the server's
 * {@link Clock}), chains to a configured client CA and is not revoked by its CA's CRL
 * ({@link ClientCertificateTrust}), and the leaf carries the client's registered identity
 * ({@link CertificateIdentities}).</li>
 * <li>{@code self_signed_tls_client_auth} (§2.2): the leaf is valid now and is one of the
 * client's registered certificates, the first {@code x5c} certificate of a key in its JWK
 * set, inline or fetched from its {@code jwksUri} (under the outbound rules, cached;
 * fetched anew once when the leaf is not in the cached set, as after a renewal). Its
 * issuer does not matter: the registration is the trust.</li>
 * </ul>
 * Every refusal is a {@link CertificateRefusal} saying why, with the leaf's thumbprint.
 */
final class ClientCertificateVerifier implements Consumer<OAuth2ClientAuthenticationContext> {

	private static final Logger logger = LoggerFactory.getLogger(ClientCertificateVerifier.class);

	/**
	 * The key set at a {@code jwksUri}: cached, and fetched anew (at most as allowed).
	 */
	interface KeySets {

		JWKSet get(URI uri);

		JWKSet refresh(URI uri);

	}

	private final ClientCertificateTrust trust;

	private final ClientDirectory directory;

	private final KeySets keySets;

	private final Clock clock;

	private final Cache<String, List<X509Certificate>> inline = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	ClientCertificateVerifier(ClientCertificateTrust trust, ClientDirectory directory, KeySets keySets, Clock clock) {
		this.trust = trust;
		this.directory = directory;
		this.keySets = keySets;
		this.clock = clock;
	}

	@Override
	public void accept(OAuth2ClientAuthenticationContext context) {
		OAuth2ClientAuthenticationToken authentication = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		ClientAuthenticationMethod method = authentication.getClientAuthenticationMethod();
		X509Certificate[] chain = (X509Certificate[]) authentication.getCredentials();
		if (chain == null || chain.length == 0) {
			throw new CertificateRefusal("no_certificate", "no client certificate was presented: " + method.getValue()
					+ " needs the client's certificate in the TLS handshake (mTLS endpoints)", null);
		}
		X509Certificate leaf = chain[0];
		String thumbprint = CertificateThumbprints.of(leaf);
		if (ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.equals(method)) {
			verifySelfSigned(client, leaf, thumbprint);
		}
		else {
			verifyIssued(client, List.of(chain), thumbprint);
		}
	}

	private void verifyIssued(RegisteredClient client, List<X509Certificate> chain, String thumbprint) {
		try {
			this.trust.verify(chain, this.clock.instant());
		}
		catch (CertificateRefusedException ex) {
			throw new CertificateRefusal(reasonOf(ex), ex.getMessage(), thumbprint);
		}
		CertificateIdentities.mismatch(TesseraClientSettings.tlsIdentity(client), chain.get(0)).ifPresent(reason -> {
			throw new CertificateRefusal("identity_mismatch", reason, thumbprint);
		});
	}

	private void verifySelfSigned(RegisteredClient client, X509Certificate leaf, String thumbprint) {
		try {
			ClientCertificateTrust.checkValidity(leaf, this.clock.instant());
			ClientCertificateTrust.checkClientUse(leaf);
		}
		catch (CertificateRefusedException ex) {
			throw new CertificateRefusal(reasonOf(ex), ex.getMessage(), thumbprint);
		}
		ClientRecord record = this.directory.findByClientId(client.getClientId())
			.orElseThrow(() -> new CertificateRefusal("unknown_client", "unknown client", thumbprint));
		if (hasText(record.jwks())) {
			List<X509Certificate> registered = this.inline.get(client.getClientId() + "\n" + record.jwks(),
					key -> RegisteredCertificates.of(accepted(record.jwks())));
			if (!contains(registered, leaf)) {
				throw notRegistered(thumbprint, "jwks");
			}
			return;
		}
		if (hasText(record.jwksUri())) {
			URI uri;
			try {
				uri = URI.create(record.jwksUri().trim());
			}
			catch (IllegalArgumentException ex) {
				throw new CertificateRefusal("keys_unavailable", "the client's jwksUri is not a valid URL", thumbprint);
			}
			try {
				if (contains(certificates(this.keySets.get(uri)), leaf)
						|| contains(certificates(this.keySets.refresh(uri)), leaf)) {
					return;
				}
			}
			catch (EgressException ex) {
				// the egress refusal names hosts and addresses: for the log, not for the
				// caller
				logger.warn("The registered certificates of client {} could not be fetched from its jwksUri: {}",
						client.getClientId(), ex.getMessage());
				throw new CertificateRefusal("keys_unavailable",
						"the client's registered certificates could not be fetched from its jwksUri", thumbprint);
			}
			throw notRegistered(thumbprint, "jwksUri");
		}
		throw new CertificateRefusal("not_registered",
				"the client has no registered certificates (x5c in jwks or at jwksUri)", thumbprint);
	}

	private static CertificateRefusal notRegistered(String thumbprint, String where) {
		return new CertificateRefusal("not_registered",
				"the client certificate is not one of the client's "
						+ "registered certificates (the first x5c certificate of a key in its " + where + ")",
				thumbprint);
	}

	private static List<X509Certificate> certificates(JWKSet set) {
		return RegisteredCertificates.of(set.getKeys().stream().filter(VerificationKeyPolicy::accepts).toList());
	}

	private static List<JWK> accepted(String json) {
		try {
			return JWKSet.parse(json).getKeys().stream().filter(VerificationKeyPolicy::accepts).toList();
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return List.of();
		}
	}

	private static boolean contains(List<X509Certificate> registered, X509Certificate leaf) {
		try {
			byte[] presented = leaf.getEncoded();
			for (X509Certificate certificate : registered) {
				if (Arrays.equals(presented, certificate.getEncoded())) {
					return true;
				}
			}
			return false;
		}
		catch (CertificateEncodingException ex) {
			return false;
		}
	}

	private static String reasonOf(CertificateRefusedException ex) {
		return ex.reason().name().toLowerCase(java.util.Locale.ROOT);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/** The key sets of a fetcher's two reads: cached, and fetched anew. */
	static KeySets keySets(Function<URI, JWKSet> get, Function<URI, JWKSet> refresh) {
		return new KeySets() {
			@Override
			public JWKSet get(URI uri) {
				return get.apply(uri);
			}

			@Override
			public JWKSet refresh(URI uri) {
				return refresh.apply(uri);
			}
		};
	}

}
