package dev.tessera.auth.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * What discovery (RFC 8414 and OpenID Connect Discovery) advertises: exactly what Tessera
 * has built and tested, not what Spring enables by default. Spring's documents also list
 * the token exchange and device grants, DPoP, certificate-bound tokens,
 * {@code client_secret_jwt} and pushed authorization requests; none of those works here
 * yet, and a client that believed them would fail at run time. Each capability is added
 * here in the change that builds it. Mutual TLS (RFC 8705) is advertised only where a
 * client can reach it, when the server has mTLS endpoints ({@link MutualTls}): the two
 * certificate methods, certificate-bound access tokens, and the aliases of the token,
 * introspection and revocation endpoints on the TLS port.
 */
public final class DiscoveryMetadata {

	/** The grant types the token endpoint serves. */
	static final List<String> GRANT_TYPES = List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue(),
			AuthorizationGrantType.JWT_BEARER.getValue());

	/**
	 * The client authentication methods of the introspection and revocation endpoints.
	 */
	static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of(
			ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
			ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(),
			ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue());

	/**
	 * The token and revocation endpoints': the others, and {@code none} for public
	 * clients (PKCE on the code exchange, client_id alone on a refresh or a revocation).
	 */
	static final List<String> PUBLIC_CLIENT_AUTHENTICATION_METHODS = List.of(
			ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
			ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(),
			ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue(), ClientAuthenticationMethod.NONE.getValue());

	/** The RFC 8705 methods, offered on the mTLS endpoints. */
	static final List<String> CERTIFICATE_METHODS = List.of(ClientAuthenticationMethod.TLS_CLIENT_AUTH.getValue(),
			ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.getValue());

	/** Metadata names of capabilities Spring advertises and Tessera does not offer. */
	static final List<String> NOT_OFFERED = List.of("dpop_signing_alg_values_supported",
			"tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases", "registration_endpoint",
			"pushed_authorization_request_endpoint", "require_pushed_authorization_requests",
			"device_authorization_endpoint", "authorization_details_types_supported");

	private final List<String> assertionSigningAlgorithms;

	private final String idTokenAlgorithm;

	private final MutualTls mutualTls;

	/**
	 * Without mTLS endpoints.
	 * @param assertionSigningAlgorithms the algorithms {@code private_key_jwt} assertions
	 * may be signed with
	 * @param idTokenAlgorithm the algorithm of the signing keys, which sign ID tokens too
	 */
	public DiscoveryMetadata(List<String> assertionSigningAlgorithms, String idTokenAlgorithm) {
		this(assertionSigningAlgorithms, idTokenAlgorithm, null);
	}

	/**
	 * @param mutualTls the mTLS endpoints, or null when the server has none
	 */
	public DiscoveryMetadata(List<String> assertionSigningAlgorithms, String idTokenAlgorithm, MutualTls mutualTls) {
		this.assertionSigningAlgorithms = List.copyOf(assertionSigningAlgorithms);
		this.idTokenAlgorithm = idTokenAlgorithm;
		this.mutualTls = mutualTls;
	}

	/** For {@code /.well-known/oauth-authorization-server}. */
	public Consumer<OAuth2AuthorizationServerMetadata.Builder> authorizationServer() {
		return builder -> builder.claims(this::restrict);
	}

	/** For {@code /.well-known/openid-configuration}. */
	public Consumer<OidcProviderConfiguration.Builder> openIdProvider() {
		return builder -> builder.claims(claims -> {
			restrict(claims);
			claims.put("id_token_signing_alg_values_supported", List.of(this.idTokenAlgorithm));
		});
	}

	void restrict(Map<String, Object> claims) {
		NOT_OFFERED.forEach(claims::remove);
		claims.put("grant_types_supported", GRANT_TYPES);
		claims.put("response_types_supported", List.of("code"));
		claims.put("response_modes_supported", List.of("query"));
		claims.put("code_challenge_methods_supported", List.of("S256"));
		claims.put("authorization_response_iss_parameter_supported", true);
		claims.put("scopes_supported", List.of("openid", "profile"));
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			List<String> methods = new ArrayList<>(endpoint.equals("introspection_endpoint")
					? CLIENT_AUTHENTICATION_METHODS : PUBLIC_CLIENT_AUTHENTICATION_METHODS);
			if (this.mutualTls != null) {
				methods.addAll(CERTIFICATE_METHODS);
			}
			claims.put(endpoint + "_auth_methods_supported", List.copyOf(methods));
			claims.put(endpoint + "_auth_signing_alg_values_supported", this.assertionSigningAlgorithms);
		}
		if (this.mutualTls != null) {
			claims.put("tls_client_certificate_bound_access_tokens", true);
			claims.put("mtls_endpoint_aliases", this.mutualTls.aliases());
		}
	}

	/**
	 * Where the mTLS endpoints are: the public base URL of the TLS port
	 * ({@code TesseraProperties.Tls.baseUrl}) and the paths of the token, introspection
	 * and revocation endpoints.
	 */
	public record MutualTls(String baseUrl, String tokenPath, String introspectionPath, String revocationPath) {

		/** The mTLS endpoints at {@code baseUrl}; null when it is null (no mTLS). */
		public static MutualTls at(String baseUrl, AuthorizationServerSettings settings) {
			if (baseUrl == null) {
				return null;
			}
			return new MutualTls(baseUrl, settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
					settings.getTokenRevocationEndpoint());
		}

		/** RFC 8705 §5's {@code mtls_endpoint_aliases}. */
		Map<String, Object> aliases() {
			Map<String, Object> aliases = new LinkedHashMap<>();
			aliases.put("token_endpoint", this.baseUrl + this.tokenPath);
			aliases.put("introspection_endpoint", this.baseUrl + this.introspectionPath);
			aliases.put("revocation_endpoint", this.baseUrl + this.revocationPath);
			return aliases;
		}

	}

}
