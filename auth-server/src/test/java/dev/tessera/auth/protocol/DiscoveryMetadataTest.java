package dev.tessera.auth.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What discovery advertises, as a plain rule: the grants the token endpoint serves
 * (client credentials and, since issue 12, the JWT-bearer grant of RFC 7523), whatever
 * Spring's defaults listed.
 */
@SuppressWarnings("unchecked")
class DiscoveryMetadataTest {

	static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	@Test
	void grantTypesAreClientCredentialsAndJwtBearerOnly() {
		Map<String, Object> claims = new HashMap<>();
		claims.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token",
				"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"));
		new DiscoveryMetadata(List.of("RS256", "ES256")).restrict(claims);
		assertThat((List<Object>) claims.get("grant_types_supported")).containsExactlyInAnyOrder("client_credentials",
				JWT_BEARER);
	}

	@Test
	void theGrantIsAdvertisedEvenWhereSpringListedNone() {
		Map<String, Object> claims = new HashMap<>();
		new DiscoveryMetadata(List.of("RS256")).restrict(claims);
		assertThat((List<Object>) claims.get("grant_types_supported")).contains(JWT_BEARER);
		assertThat(claims).containsEntry("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
	}

}
