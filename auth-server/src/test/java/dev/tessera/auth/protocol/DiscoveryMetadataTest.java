package dev.tessera.auth.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What discovery advertises, as a plain rule: the grants the token endpoint serves
 * (client credentials, the JWT-bearer grant of RFC 7523 since issue 12, authorization
 * code with PKCE S256 and refresh tokens since issue 13), whatever Spring's defaults
 * listed, and nothing Tessera has not built.
 */
@SuppressWarnings("unchecked")
class DiscoveryMetadataTest {

	static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	@Test
	void grantTypesAreTheFourBuiltOnly() {
		Map<String, Object> claims = new HashMap<>();
		claims.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token",
				"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"));
		new DiscoveryMetadata(List.of("RS256", "ES256"), "RS256").restrict(claims);
		assertThat((List<Object>) claims.get("grant_types_supported")).containsExactlyInAnyOrder("authorization_code",
				"client_credentials", "refresh_token", JWT_BEARER);
	}

	@Test
	void theGrantIsAdvertisedEvenWhereSpringListedNone() {
		Map<String, Object> claims = new HashMap<>();
		new DiscoveryMetadata(List.of("RS256"), "RS256").restrict(claims);
		assertThat((List<Object>) claims.get("grant_types_supported")).contains(JWT_BEARER);
		assertThat(claims).containsEntry("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
	}

	@Test
	void pkceIsS256OnlyAndPublicClientsNeverIntrospect() {
		Map<String, Object> claims = new HashMap<>();
		claims.put("code_challenge_methods_supported", List.of("S256", "plain"));
		claims.put("device_authorization_endpoint", "https://example.test/oauth2/device_authorization");
		claims.put("pushed_authorization_request_endpoint", "https://example.test/oauth2/par");
		claims.put("dpop_signing_alg_values_supported", List.of("RS256"));
		new DiscoveryMetadata(List.of("RS256"), "ES256").restrict(claims);
		assertThat(claims).containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("response_types_supported", List.of("code"))
			.containsEntry("authorization_response_iss_parameter_supported", true)
			.doesNotContainKeys("device_authorization_endpoint", "pushed_authorization_request_endpoint",
					"dpop_signing_alg_values_supported");
		assertThat((List<Object>) claims.get("token_endpoint_auth_methods_supported")).contains("none");
		assertThat((List<Object>) claims.get("introspection_endpoint_auth_methods_supported")).doesNotContain("none");
		assertThat((List<Object>) claims.get("revocation_endpoint_auth_methods_supported")).contains("none");
	}

	@Test
	void idTokensAreAdvertisedWithTheSigningKeysAlgorithm() {
		OidcProviderConfiguration.Builder builder = OidcProviderConfiguration.builder()
			.issuer("https://example.test")
			.authorizationEndpoint("https://example.test/oauth2/authorize")
			.tokenEndpoint("https://example.test/oauth2/token")
			.jwkSetUrl("https://example.test/oauth2/jwks")
			.responseType("code")
			.subjectType("public")
			.idTokenSigningAlgorithm("RS256");
		new DiscoveryMetadata(List.of("RS256"), "ES256").openIdProvider().accept(builder);
		assertThat(builder.build().getIdTokenSigningAlgorithms()).containsExactly("ES256");
	}

	@Test
	void withoutMutualTlsNothingOfItIsAdvertised() {
		Map<String, Object> claims = new HashMap<>();
		claims.put("tls_client_certificate_bound_access_tokens", true);
		claims.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "tls_client_auth", "self_signed_tls_client_auth"));
		new DiscoveryMetadata(List.of("RS256"), "RS256", null).restrict(claims);
		assertThat(claims).doesNotContainKeys("tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases");
		for (String endpoint : List.of("token", "introspection", "revocation")) {
			assertThat((List<Object>) claims.get(endpoint + "_endpoint_auth_methods_supported"))
				.doesNotContain("tls_client_auth", "self_signed_tls_client_auth");
		}
	}

	@Test
	void withMutualTlsTheMethodsBoundTokensAndEndpointAliasesAreAdvertised() {
		Map<String, Object> claims = new HashMap<>();
		new DiscoveryMetadata(List.of("RS256"), "RS256", new DiscoveryMetadata.MutualTls(
				"https://mtls.example.test:9443", "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"))
			.restrict(claims);
		assertThat(claims).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("mtls_endpoint_aliases",
					Map.of("token_endpoint", "https://mtls.example.test:9443/oauth2/token", "introspection_endpoint",
							"https://mtls.example.test:9443/oauth2/introspect", "revocation_endpoint",
							"https://mtls.example.test:9443/oauth2/revoke"));
		for (String endpoint : List.of("token", "introspection", "revocation")) {
			assertThat((List<Object>) claims.get(endpoint + "_endpoint_auth_methods_supported"))
				.contains("tls_client_auth", "self_signed_tls_client_auth");
		}
		assertThat((List<Object>) claims.get("introspection_endpoint_auth_methods_supported")).doesNotContain("none");
	}

	@Test
	void noMutualTlsEndpointsWithoutABaseUrl() {
		assertThat(DiscoveryMetadata.MutualTls.at(null, null)).isNull();
	}

}
