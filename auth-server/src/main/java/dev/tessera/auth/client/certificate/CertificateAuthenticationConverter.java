package dev.tessera.auth.client.certificate;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.tls.ClientCertificates;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads an RFC 8705 client authentication from a request: a {@code client_id} parameter
 * and the client certificate chain ({@link ClientCertificates}, from the TLS handshake or
 * a trusted proxy's header). Takes the place of Spring's
 * {@code X509ClientCertificateAuthenticationConverter}, which picks the method from the
 * chain's length (one certificate: self-signed), wrong for a CA-issued leaf sent alone.
 * Here the method is the client's own when it registered only one of the two, and
 * otherwise follows from whether the leaf is self-signed
 * ({@link SelfSignedCertificates}). So a certificate of the wrong kind is refused by the
 * verifier, in words, rather than as a method the client does not have.
 * <p>
 * A request that names a client registered for a certificate method but carries no
 * certificate is still converted, with an empty chain, so that the verifier refuses it as
 * {@code invalid_client} saying that no certificate came. A request naming any other
 * client (or an unknown one) is left to the other converters, certificate or not, as it
 * was before mutual TLS: a public client refreshing over the TLS port stays a public
 * client. Clients are read from the per-node {@link ClientDirectory}; a
 * {@code client_secret_basic} request never gets here (Spring's Basic converter answers
 * first).
 */
final class CertificateAuthenticationConverter implements AuthenticationConverter {

	private static final X509Certificate[] NO_CERTIFICATE = new X509Certificate[0];

	private final ClientDirectory directory;

	CertificateAuthenticationConverter(ClientDirectory directory) {
		this.directory = directory;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null || clientIds.length == 0 || !StringUtils.hasText(clientIds[0])) {
			return null;
		}
		if (clientIds.length != 1) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		String clientId = clientIds[0];
		List<X509Certificate> chain = ClientCertificates.of(request);
		Set<ClientAuthenticationMethod> registered = this.directory.findByClientId(clientId)
			.map(client -> client.registeredClient().getClientAuthenticationMethods())
			.orElse(Set.of());
		boolean tls = registered.contains(ClientAuthenticationMethod.TLS_CLIENT_AUTH);
		boolean selfSigned = registered.contains(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
		if (!tls && !selfSigned) {
			return null; // not a certificate client (or none at all): left to the others
		}
		ClientAuthenticationMethod method;
		if (tls != selfSigned) {
			method = tls ? ClientAuthenticationMethod.TLS_CLIENT_AUTH
					: ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
		}
		else {
			method = (!chain.isEmpty() && SelfSignedCertificates.isSelfSigned(chain.get(0)))
					? ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH
					: ClientAuthenticationMethod.TLS_CLIENT_AUTH;
		}
		X509Certificate[] credentials = chain.isEmpty() ? NO_CERTIFICATE : chain.toArray(X509Certificate[]::new);
		return new OAuth2ClientAuthenticationToken(clientId, method, credentials, codeExchangeParameters(request));
	}

	/**
	 * For a code exchange, the parameters Spring's {@code CodeVerifierAuthenticator}
	 * reads ({@code code_verifier} above all), as Spring's converters pass them.
	 */
	private static Map<String, Object> codeExchangeParameters(HttpServletRequest request) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
				|| request.getParameter(OAuth2ParameterNames.CODE) == null) {
			return Map.of();
		}
		Map<String, Object> parameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name) && values.length > 0) {
				parameters.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		return parameters;
	}

}
