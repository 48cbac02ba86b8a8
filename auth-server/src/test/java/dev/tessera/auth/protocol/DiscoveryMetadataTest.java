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

}
