package dev.tessera.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partner's JWKS as Tessera fetches it: on loopback over plain http (allowed outside
 * production mode), the public RS256 key only.
 */
class PartnerIdentityProviderTest {

	@Test
	void servesItsPublicKeyOnLoopback() throws Exception {
		try (PartnerIdentityProvider partner = PartnerIdentityProvider.start()) {
			assertEquals("http", partner.jwksUri().getScheme());
			assertEquals("127.0.0.1", partner.jwksUri().getHost());
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(partner.jwksUri()).build(), HttpResponse.BodyHandlers.ofString());
			assertEquals(200, response.statusCode());
			assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
			JWKSet set = JWKSet.parse(response.body());
			assertEquals(1, set.getKeys().size());
			JWK key = set.getKeys().get(0);
			assertFalse(key.isPrivate(), "only the public half leaves the partner");
			assertEquals(partner.key().privateKey().getKeyID(), key.getKeyID());
			assertEquals("RS256", key.getAlgorithm().getName());
			assertTrue(key.toRSAKey().getModulus() != null);
		}
	}

}
