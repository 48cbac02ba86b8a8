package dev.tessera.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bytes of the JWT-bearer and refresh scenarios' requests, as the contract words the
 * grants, and the refresh scenario's rotation chains under the load generator.
 */
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

	@Test
	void refreshSendsEachConnectionsLatestRefreshTokenWithClientSecretBasic() {
		AtomicInteger started = new AtomicInteger();
		RefreshChains chains = new RefreshChains((chain) -> "start-" + started.incrementAndGet());
		chains.prepare(2, Deadline.after(Duration.ofMinutes(1)));
		assertEquals(2, started.get(), "one chain per connection before the phase");
		Workload shared = Workloads.refresh(refreshTarget(), chains);
		assertThrows(IllegalStateException.class, () -> shared.request(0), "a chain is per connection");
		Workload first = shared.forConnection();
		Workload second = shared.forConnection();
		assertTrue(first.verifiesEveryResponse(), "each answer carries the next refresh token");

		LoadRequest request = first.request(0);
		assertEquals("POST", request.method());
		assertEquals(NODE_1.resolve("/oauth2/token"), request.uri());
		assertEquals(HttpForms.FORM, request.headers().get("Content-Type"));
		String basic = request.headers().get("Authorization");
		assertEquals("rt-client:rt%3Asecret",
				new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8));
		assertEquals(Map.of("grant_type", "refresh_token", "refresh_token", "start-1"), form(request.body()));
		LoadRequest other = second.request(1);
		assertEquals("start-2", form(other.body()).get("refresh_token"), "each connection its own chain");
		assertEquals(NODE_2.resolve("/oauth2/token"), other.uri(), "round-robin over the nodes");

		// the rotated token is the next one sent
		assertNull(first.verify(tokens("r-2")));
		assertEquals("r-2", form(first.request(2).body()).get("refresh_token"));
		assertNull(first.verify(tokens("r-3")));
		assertEquals("r-3", form(first.request(3).body()).get("refresh_token"));

		// an answer without a refresh token is wrong and breaks the chain: a new one is
		// started by the code flow for the next request
		String missing = first.verify("{\"access_token\":\"a\",\"token_type\":\"Bearer\"}");
		assertTrue(missing != null && missing.contains("no refresh_token"), missing);
		assertEquals("start-3", form(first.request(4).body()).get("refresh_token"));
		// the same token given back is not a rotation
		String same = first.verify(tokens("start-3"));
		assertTrue(same != null && same.contains("same refresh token"), same);
		assertEquals("start-4", form(first.request(5).body()).get("refresh_token"));
		// no verify at all (an error status or an exception): the chain starts again too
		assertEquals("start-5", form(first.request(6).body()).get("refresh_token"));
		assertNotNull(first.verify("{\"error\":\"invalid_grant\"}"));
		assertNotNull(first.verify("not json"));
		assertTrue(shared.afterPhase().contains("3 chains started again"), shared.afterPhase());
		assertEquals("no chain broke", shared.afterPhase(), "counted once");

		// after the phase the healthy chain is kept for the next one, the broken not
		assertNull(second.verify(tokens("kept")));
		assertEquals(0, chains.prepare(1, Deadline.after(Duration.ofMinutes(1))));
		assertEquals("kept", form(Workloads.refresh(refreshTarget(), chains).forConnection().request(0).body())
			.get("refresh_token"));
	}

	@Test
	void refreshOnAServerWithoutItsClientFails() {
		assertThrows(BenchmarkException.class, () -> Workloads.of(Scenario.TOKEN_REFRESH, target(null), null));
	}

	@Test
	void refreshChainsUnderLoadRotateAndRecoverFromABrokenAnswer() throws Exception {
		try (FakeCodeFlowServer server = new FakeCodeFlowServer()) {
			Target target = new Target("fake", "Tessera", List.of(server.node()), server.issuer(), "c", "s", null, null,
					server.client());
			RefreshChains chains = RefreshChains.of(target);
			Deadline deadline = Deadline.after(Duration.ofMinutes(1));
			assertEquals(3, chains.prepare(3, deadline));
			assertEquals(3, server.signIns(), "one code flow per connection, before the phase");
			server.omitRefreshTokenAt(5);
			Workload workload = Workloads.refresh(target, chains);

			LoadResult result = LoadGenerator.run(workload, 3, Duration.ofSeconds(1), deadline);

			assertTrue(result.requests() > 8, "requests: " + result.requests());
			assertEquals(1, result.errors(), result.errorKinds() + " " + result.firstError());
			assertEquals(Map.of("wrong body", 1L), result.errorKinds());
			assertTrue(result.firstError().contains("no refresh_token"), result.firstError());
			assertEquals(result.requests(), result.verified(), "every answer read");
			assertEquals(4, server.signIns(), "the broken chain started again with the code flow");
			assertTrue(workload.afterPhase().contains("1 chains started again"), workload.afterPhase());
			assertEquals(List.of(), server.failures(), "no used refresh token was sent again");

			// the next phase continues the three healthy chains without signing in
			assertEquals(0, chains.prepare(3, deadline));
			LoadResult next = LoadGenerator.run(Workloads.refresh(target, chains), 3, Duration.ofMillis(200), deadline);
			assertEquals(0, next.errors(), next.errorKinds() + " " + next.firstError());
			assertEquals(4, server.signIns());
			assertEquals(List.of(), server.failures());
		}
	}

	@Test
	void mtlsSendsTheClientIdOverTlsAndChecksTheCertificateBinding() throws Exception {
		BenchPki pki = BenchPki.generate();
		URI tls1 = URI.create("https://127.0.0.1:9443");
		URI tls2 = URI.create("https://127.0.0.1:9444");
		String thumbprint = MtlsClient.thumbprint(pki.clientCertificate());
		MtlsClient client = new MtlsClient("mtls-client", List.of(tls1, tls2), pki.clientKeyManager(),
				pki.serverTrust(), thumbprint);
		Target target = new Target("Tessera", "Tessera", List.of(NODE_1, NODE_2), "http://localhost:8001", "c", "s",
				null, null, null, client);

		Workload keepAlive = Workloads.of(Scenario.TOKEN_MTLS, target, null);
		Workload resumed = Workloads.of(Scenario.TOKEN_MTLS_RESUMED, target, null);
		Workload full = Workloads.of(Scenario.TOKEN_MTLS_FULL, target, null);

		LoadRequest first = keepAlive.request(0);
		assertEquals("POST", first.method());
		assertEquals(tls1.resolve("/oauth2/token"), first.uri(), "the TLS port, not the plain one");
		assertEquals(tls2.resolve("/oauth2/token"), keepAlive.request(1).uri(), "round-robin over the TLS ports");
		assertEquals(Map.of("grant_type", "client_credentials", "scope", Workloads.SCOPE, "client_id", "mtls-client"),
				form(first.body()));
		assertNull(first.headers().get("Authorization"), "the certificate authenticates the client");
		assertNull(first.headers().get("Connection"), "kept alive");
		assertEquals("close", resumed.request(0).headers().get("Connection"), "a new connection per request");
		assertEquals("close", full.request(0).headers().get("Connection"), "a new connection per request");
		assertEquals(TlsTransport.Handshakes.RESUMED, ((TlsTransport) keepAlive.transport()).handshakes());
		assertEquals(TlsTransport.Handshakes.RESUMED, ((TlsTransport) resumed.transport()).handshakes());
		assertEquals(TlsTransport.Handshakes.FULL, ((TlsTransport) full.transport()).handshakes());
		assertEquals(Transport.PLAIN, Workloads.of(Scenario.TOKEN_SECRET, target, null).transport());

		assertNull(keepAlive.verify(tokenResponse(Map.of("x5t#S256", thumbprint))));
		String other = keepAlive.verify(tokenResponse(Map.of("x5t#S256", "another")));
		assertTrue(other != null && other.contains("not bound"), other);
		String unbound = keepAlive.verify(tokenResponse(null));
		assertTrue(unbound != null && unbound.contains("not bound"), unbound);
		assertNotNull(keepAlive.verify("{\"error\":\"invalid_client\"}"));
		assertEquals("0 TLS connections: 0 full handshakes, 0 resumed sessions", full.afterPhase());
	}

	@Test
	void mtlsOnAServerWithoutItsClientFails() {
		assertThrows(BenchmarkException.class, () -> Workloads.of(Scenario.TOKEN_MTLS_FULL, target(null), null));
	}

	/** A token response whose access token is a signed JWT with {@code cnf}. */
	private static String tokenResponse(Map<String, Object> cnf) throws Exception {
		ClientKey key = ClientKey.generate("ES256");
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("mtls-client");
		if (cnf != null) {
			claims.claim("cnf", cnf);
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims.build());
		jwt.sign(new ECDSASigner((ECKey) key.privateKey()));
		return "{\"access_token\":\"" + jwt.serialize() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}";
	}

	private static String tokens(String refreshToken) {
		return "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"refresh_token\":\"" + refreshToken + "\"}";
	}

	private static Target refreshTarget() {
		return new Target("Tessera", "Tessera", List.of(NODE_1, NODE_2), "http://localhost:8001", "c", "s", null, null,
				new RefreshClient("rt-client", "rt:secret", RefreshClient.REDIRECT_URI, Workloads.SCOPE, "u", "p"));
	}

	private static Target target(JwtBearerClient jwtBearer) {
		return new Target("Tessera", "Tessera", List.of(NODE_1, NODE_2), "http://localhost:8001", "c", "s", null,
				jwtBearer, null);
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
