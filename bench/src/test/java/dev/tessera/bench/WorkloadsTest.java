package dev.tessera.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bytes of the JWT-bearer scenario's requests, as the contract words the grant. */
class WorkloadsTest {

	private static final URI NODE_1 = URI.create("http://127.0.0.1:8001");

	private static final URI NODE_2 = URI.create("http://127.0.0.1:8002");

	@Test
	void jwtBearerPostsAFreshPartnerAssertionWithClientSecretBasic() throws Exception {
		ClientKey partnerKey = ClientKey.generate("RS256");
		AssertionPool partner = AssertionPool.forPartner(partnerKey, "https://partner.example", "alice",
				"http://localhost:8001/oauth2/token");
		Target target = target(new JwtBearerClient("jb-client", "s3cret:/", partner));
		Workload workload = Workloads.of(Scenario.TOKEN_JWT_BEARER, target, null);

		LoadRequest first = workload.request(0);
		LoadRequest second = workload.request(1);
		assertEquals("POST", first.method());
		assertEquals(NODE_1.resolve("/oauth2/token"), first.uri());
		assertEquals(NODE_2.resolve("/oauth2/token"), second.uri(), "round-robin over the nodes");
		assertEquals(HttpForms.FORM, first.headers().get("Content-Type"));
		String basic = first.headers().get("Authorization");
		assertEquals("jb-client:s3cret%3A%2F",
				new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8));

		Map<String, String> form = form(first.body());
		assertEquals(Workloads.JWT_BEARER_GRANT, form.get("grant_type"));
		assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
		assertEquals(Workloads.SCOPE, form.get("scope"));
		assertNull(form.get("client_assertion"), "the client authenticates by its secret");
		SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
		assertEquals("https://partner.example", assertion.getJWTClaimsSet().getIssuer());
		assertEquals(List.of("http://localhost:8001/oauth2/token"), assertion.getJWTClaimsSet().getAudience());
		assertNotEquals(form.get("assertion"), form(second.body()).get("assertion"), "a new assertion per request");

		assertNull(workload.verify("{\"access_token\":\"x\",\"token_type\":\"Bearer\"}"));
		assertNotNull(workload.verify("{\"error\":\"invalid_grant\"}"));
	}

	@Test
	void aServerWithoutTheGrantHasNoWorkloadForIt() {
		assertThrows(BenchmarkException.class, () -> Workloads.of(Scenario.TOKEN_JWT_BEARER, target(null), null));
	}

	private static Target target(JwtBearerClient jwtBearer) {
		return new Target("Tessera", "Tessera", List.of(NODE_1, NODE_2), "http://localhost:8001", "c", "s", null,
				jwtBearer);
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return fields;
	}

}
