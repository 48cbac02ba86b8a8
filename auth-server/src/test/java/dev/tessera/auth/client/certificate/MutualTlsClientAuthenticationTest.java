package dev.tessera.auth.client.certificate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertUtils;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow;
import dev.tessera.auth.grant.authorizationcode.BrowserSession;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8705 client authentication over the real TLS port with certificates made by a test
 * CA: {@code tls_client_auth} by subject DN and by SAN,
 * {@code self_signed_tls_client_auth} with the certificate in the client's inline keys, a
 * CA-issued leaf sent without its intermediate; each kind of refusal as
 * {@code invalid_client} saying why; bound tokens carrying the certificate's thumbprint,
 * shown by introspection, and refused by the admin API without that certificate.
 */
@TesseraServerTest
class MutualTlsClientAuthenticationTest {

	static final TestPki.Authority SERVER_CA = TestPki.authority("mTLS Test Server CA");

	static final TestPki.Authority ROOT = TestPki.authority("mTLS Test Client Root");

	static final TestPki.Authority INTERMEDIATE = ROOT.intermediate("mTLS Test Client Issuing CA");

	static final TestPki.Authority STRANGER = TestPki.authority("Unknown Client CA");

	static final String AUDIENCE = "https://orders.example.test";

	/**
	 * The subject the partner certificates carry, as RFC 4514 writes it (most specific
	 * last in the certificate, first in the string), spaced and cased differently from
	 * the certificate's own rendering: DNs are compared as X.500 names. (TestPki takes
	 * BouncyCastle's order, so its {@code "CN=orders,O=Acme"} is this name.)
	 */
	static final String DN = "o=Acme, CN=orders";

	static final TestPki.Issued REVOKED = ROOT.issue("CN=revoked,O=Acme").build();

	static final Path DIR = temporaryDirectory();

	static final int PORT = freePort();

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	ApplicationContext context;

	AdminApi admin;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		TestPki.Issued server = SERVER_CA.issue("CN=localhost,O=Tessera").server().build();
		registry.add("tessera.tls.port", () -> PORT);
		registry.add("tessera.tls.certificate",
				() -> TestPki.write(DIR.resolve("server.pem"), server.chainPem()).toString());
		registry.add("tessera.tls.private-key",
				() -> TestPki.write(DIR.resolve("server-key.pem"), server.keyPem()).toString());
		registry.add("tessera.tls.client-cas",
				() -> TestPki
					.write(DIR.resolve("client-cas.pem"), TestPki.pem(ROOT.certificate(), INTERMEDIATE.certificate()))
					.toString());
		registry.add("tessera.audit.trusted-proxies", () -> "10.9.9.9");
		// where Spring Boot would believe X-Forwarded-For from any private address by
		// itself
		registry.add("spring.main.cloud-platform", () -> "kubernetes");
		registry.add("tessera.tls.crls",
				() -> TestPki.write(DIR.resolve("root.crl"), TestPki.pem(ROOT.crl(REVOKED.certificate()))).toString());
	}

	@BeforeEach
	void setUp() {
		Http http = new Http(this.issuer);
		IssuedSecret operator = this.registrar.register(ClientDraft.clientCredentials(null, "operator",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
		Http.Response token = http.postForm("/oauth2/token", operator.clientId(), operator.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		this.admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
		this.admin.post("/admin/api/scopes", "{\"name\":\"orders:read\",\"description\":\"Read orders\"}");
	}

	@Test
	void aTlsClientAuthClientRegisteredByDnGetsABoundTokenOverMutualTls() throws Exception {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\","
				+ "\"certificateBoundTokens\":true");
		Map<String, Object> shown = this.admin.get("/admin/api/clients/" + clientId).json();
		assertThat(shown).containsEntry("tlsSubjectDn", DN)
			.containsEntry("certificateBoundTokens", true)
			.containsEntry("authMethods", List.of("tls_client_auth"))
			.doesNotContainKeys("tlsSanDns", "tlsSanUri", "tlsSanIp", "tlsSanEmail", "clientSecret");

		TestPki.Issued certificate = INTERMEDIATE.issue("CN=orders,O=Acme").build();
		Response response = tokenRequest(certificate, clientId);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE).decode(response.accessToken());
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(clientId);
		assertThat(jwt.getClaimAsMap("cnf")).containsEntry("x5t#S256", thumbprint(certificate));
	}

	@Test
	void aTlsClientAuthClientExchangesItsCodeWithItsCertificateAndGetsABoundToken() {
		AuthorizationCodeFlow flow = AuthorizationCodeFlow.of(this.context);
		AuthorizationCodeFlow.TestClient client = flow.register("{\"name\":\"mtls web\","
				+ "\"grantTypes\":[\"authorization_code\"],\"authMethods\":[\"tls_client_auth\"],"
				+ "\"tlsSubjectDn\":\"" + DN + "\",\"certificateBoundTokens\":true,"
				+ "\"scopes\":[\"openid\",\"orders:read\"],\"audiences\":[\"" + AUDIENCE + "\"],"
				+ "\"redirectUris\":[\"https://client.example.test/callback\"],\"firstParty\":true}");
		AuthorizationCodeFlow.AuthorizeRequest request = flow.request(client, "openid orders:read");
		String code = flow.authorizeOk(request, flow.createUser(), BrowserSession.Consent.approveAll()).code();
		TestPki.Issued certificate = INTERMEDIATE.issue("CN=orders,O=Acme").build();

		Response response = post(certificate, "/oauth2/token",
				Map.of("grant_type", "authorization_code", "client_id", client.clientId(), "code", code, "redirect_uri",
						request.redirectUri(), "code_verifier", request.pkce().verifier()));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE)
			.decode(response.accessToken())
			.getClaimAsMap("cnf")).containsEntry("x5t#S256", thumbprint(certificate));
	}

	@Test
	void aServerCertificateIsNotAClientCertificate() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		TestPki.Issued serverOnly = INTERMEDIATE.issue("CN=orders,O=Acme").server().build();
		assertRefused(tokenRequest(serverOnly, clientId), "does not allow TLS client authentication");
	}

	@Test
	void aForgedForwardedForDoesNotMakeACallerATrustedProxy() throws Exception {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		TestPki.Issued partner = INTERMEDIATE.issue("CN=orders,O=Acme").build();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("X-Forwarded-For", "10.9.9.9")
				.header("Client-Cert",
						":" + java.util.Base64.getEncoder().encodeToString(partner.certificate().getEncoded()) + ":")
				.POST(HttpRequest.BodyPublishers
					.ofString("grant_type=client_credentials&scope=orders:read&client_id=" + clientId))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertRefused(new Response(response), "no client certificate was presented");
	}

	@Test
	void aCaIssuedLeafSentWithoutItsIntermediateIsStillTlsClientAuth() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		TestPki.Issued leafOnly = INTERMEDIATE.issue("CN=orders,O=Acme").build().leafOnly();
		Response response = tokenRequest(leafOnly, clientId);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE).decode(response.accessToken()).getClaims())
			.as("not bound: the client did not ask for it")
			.doesNotContainKey("cnf");
	}

	@Test
	void aTlsClientAuthClientRegisteredByDnsNameMatchesThatSan() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSanDns\":\"Orders.Partner.example\"");
		assertThat(this.admin.get("/admin/api/clients/" + clientId).json())
			.containsEntry("tlsSanDns", "Orders.Partner.example")
			.doesNotContainKey("tlsSubjectDn");
		TestPki.Issued named = INTERMEDIATE.issue("CN=gateway-7,O=Partner").dns("orders.partner.example").build();
		assertThat(tokenRequest(named, clientId).status()).isEqualTo(200);

		TestPki.Issued other = INTERMEDIATE.issue("CN=gateway-7,O=Partner").dns("billing.partner.example").build();
		assertRefused(tokenRequest(other, clientId), "no subject alternative name (DNS name) matching");
	}

	@Test
	void aSelfSignedClientAuthenticatesWithTheCertificateInItsKeys() {
		TestPki.Issued self = TestPki.selfSigned("CN=self-signed partner,O=Acme").build();
		String clientId = register("\"authMethods\":[\"self_signed_tls_client_auth\"],\"certificateBoundTokens\":true,"
				+ "\"jwks\":" + jwksOf(self));
		Response response = tokenRequest(self, clientId);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE)
			.decode(response.accessToken())
			.getClaimAsMap("cnf")).containsEntry("x5t#S256", thumbprint(self));

		TestPki.Issued another = TestPki.selfSigned("CN=self-signed partner,O=Acme").build();
		assertRefused(tokenRequest(another, clientId), "not one of the client's registered certificates");
		assertRefused(tokenRequest(null, clientId), "no client certificate was presented");
	}

	@Test
	void aSelfSignedClientMayPublishItsCertificateAtItsJwksUri() throws IOException {
		TestPki.Issued self = TestPki.selfSigned("CN=published,O=Acme").build();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		byte[] jwks = jwksOf(self).getBytes(StandardCharsets.UTF_8);
		server.createContext("/jwks.json", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		server.start();
		try {
			String clientId = register(
					"\"authMethods\":[\"self_signed_tls_client_auth\"],\"jwksUri\":\"http://127.0.0.1:"
							+ server.getAddress().getPort() + "/jwks.json\"");
			Response response = tokenRequest(self, clientId);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertRefused(tokenRequest(TestPki.selfSigned("CN=published,O=Acme").build(), clientId),
					"not one of the client's registered certificates (the first x5c certificate of a key in its jwksUri)");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void aClientWithBothMethodsIsJudgedByWhetherTheLeafIsSelfSigned() {
		TestPki.Issued self = TestPki.selfSigned("CN=dual,O=Acme").build();
		String clientId = register("\"authMethods\":[\"tls_client_auth\",\"self_signed_tls_client_auth\"],"
				+ "\"tlsSubjectDn\":\"O=Acme,CN=dual\",\"jwks\":" + jwksOf(self));
		assertThat(tokenRequest(self, clientId).status()).as("self-signed, registered").isEqualTo(200);
		TestPki.Issued caIssuedAlone = ROOT.issue("CN=dual,O=Acme").build();
		assertThat(caIssuedAlone.chain()).as("one certificate, yet not self-signed").hasSize(1);
		Response issued = tokenRequest(caIssuedAlone, clientId);
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		assertRefused(tokenRequest(TestPki.selfSigned("CN=dual,O=Acme").build(), clientId),
				"not one of the client's registered certificates");
	}

	@Test
	void everyWrongCertificateIsInvalidClientSayingWhy() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		assertRefused(tokenRequest(INTERMEDIATE.issue("CN=intruder,O=Acme").build(), clientId),
				"subject DN does not match");
		Instant now = Instant.now();
		assertRefused(tokenRequest(INTERMEDIATE.issue("CN=orders,O=Acme")
			.validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
			.build(), clientId), "expired");
		assertRefused(tokenRequest(STRANGER.issue("CN=orders,O=Acme").build(), clientId),
				"does not chain to a trusted client CA");
		assertRefused(tokenRequest(TestPki.selfSigned("CN=orders,O=Acme").build(), clientId),
				"does not chain to a trusted client CA");
		assertRefused(tokenRequest(null, clientId), "no client certificate was presented");

		String revokedClient = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"O=Acme,CN=revoked\"");
		assertRefused(tokenRequest(REVOKED, revokedClient), "revoked");
		assertThat(tokenRequest(ROOT.issue("CN=revoked,O=Acme").build(), revokedClient).status())
			.as("another certificate of the same name, not on the CRL")
			.isEqualTo(200);
	}

	@Test
	void patchMovesAClientFromItsDnToASanAndEndsItsTokens() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		TestPki.Issued byDn = INTERMEDIATE.issue("CN=orders,O=Acme").build();
		Response before = tokenRequest(byDn, clientId);
		assertThat(before.status()).as(before.body()).isEqualTo(200);
		String path = "/admin/api/clients/" + clientId;

		Http.Response both = this.admin.patch(path, "{\"tlsSanUri\":\"spiffe://partner.example/orders\"}");
		assertThat(both.status()).as("a SAN beside the DN").isEqualTo(400);
		assertThat(both.body()).contains("\"field\":\"tlsSanUri\"");

		Http.Response moved = this.admin.patch(path,
				"{\"tlsSubjectDn\":null,\"tlsSanUri\":\"spiffe://partner.example/orders\",\"certificateBoundTokens\":true}");
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json()).containsEntry("tlsSanUri", "spiffe://partner.example/orders")
			.containsEntry("certificateBoundTokens", true)
			.doesNotContainKey("tlsSubjectDn");

		assertRefused(tokenRequest(byDn, clientId), "no subject alternative name (URI)");
		TestPki.Issued bySan = INTERMEDIATE.issue("CN=anything,O=Acme").uri("spiffe://partner.example/orders").build();
		Response after = tokenRequest(bySan, clientId);
		assertThat(after.status()).as(after.body()).isEqualTo(200);
		Response old = post(bySan, "/oauth2/introspect", Map.of("client_id", clientId, "token", before.accessToken()));
		assertThat(old.json()).as("a security change ends the tokens of the old identity")
			.containsEntry("active", false);
	}

	@Test
	void aDisabledClientIsRefusedLikeOneWithASecret() {
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		assertThat(this.admin.patch("/admin/api/clients/" + clientId, "{\"enabled\":false}").status()).isEqualTo(200);
		Response refused = tokenRequest(INTERMEDIATE.issue("CN=orders,O=Acme").build(), clientId);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json()).containsEntry("error", "invalid_client").doesNotContainKey("error_description");
	}

	@Test
	void successesAndFailuresAreAuditedWithTheThumbprintNotTheCertificate() {
		AdminApi auditor = dev.tessera.auth.audit.AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		String clientId = register("\"authMethods\":[\"tls_client_auth\"],\"tlsSubjectDn\":\"" + DN + "\"");
		TestPki.Issued good = INTERMEDIATE.issue("CN=orders,O=Acme").build();
		Map<String, Object> issued = event(auditor, tokenRequest(good, clientId));
		assertThat(issued).containsEntry("outcome", "success").containsEntry("principal", clientId);
		assertThat(detail(issued)).containsEntry("x5t#S256", thumbprint(good));

		TestPki.Issued wrong = INTERMEDIATE.issue("CN=intruder,O=Acme").build();
		Response refusedResponse = tokenRequest(wrong, clientId);
		// a failed authentication is a counter event, written when its interval ends
		this.context.getBean(dev.tessera.auth.audit.AuditCounters.class).flush().join();
		Map<String, Object> refused = event(auditor, refusedResponse);
		assertThat(refused).containsEntry("outcome", "business_error").containsEntry("principalType", "anonymous");
		assertThat(detail(refused)).containsEntry("x5t#S256", thumbprint(wrong))
			.containsEntry("error", "invalid_client")
			.containsEntry("reason", "identity_mismatch")
			.containsEntry("claimedClientId", clientId);
		assertThat(refused.toString()).doesNotContain("BEGIN CERTIFICATE").doesNotContain("MII");
	}

	@Test
	void introspectionShowsTheBindingAndTheAdminApiRequiresTheCertificate() {
		Http.Response created = this.admin.post("/admin/api/clients", "{\"name\":\"Bound admin\","
				+ "\"grantTypes\":[\"client_credentials\"],\"authMethods\":[\"tls_client_auth\"],"
				+ "\"scopes\":[\"admin:read\"],\"tlsSubjectDn\":\"O=Acme,CN=bound-admin\",\"certificateBoundTokens\":true}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String clientId = (String) created.json().get("clientId");
		TestPki.Issued certificate = INTERMEDIATE.issue("CN=bound-admin,O=Acme").build();
		Response token = post(certificate, "/oauth2/token",
				Map.of("grant_type", "client_credentials", "client_id", clientId, "scope", "admin:read"));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		String accessToken = token.accessToken();

		Response introspected = post(certificate, "/oauth2/introspect",
				Map.of("client_id", clientId, "token", accessToken));
		assertThat(introspected.status()).as(introspected.body()).isEqualTo(200);
		assertThat(introspected.json()).containsEntry("active", true)
			.containsEntry("cnf", Map.of("x5t#S256", thumbprint(certificate)));

		assertThat(adminGet(certificate, accessToken).status()).as("with its certificate").isEqualTo(200);
		Response otherCertificate = adminGet(INTERMEDIATE.issue("CN=bound-admin,O=Acme").build(), accessToken);
		assertThat(otherCertificate.status()).isEqualTo(401);
		assertThat(otherCertificate.raw().headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("invalid_token")
			.contains("bound to another client certificate");
		Response noCertificate = adminGet(null, accessToken);
		assertThat(noCertificate.status()).isEqualTo(401);
		assertThat(noCertificate.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token")
			.contains("presented none");
		assertThat(new AdminApi(this.issuer, accessToken).get("/admin/api/clients").status())
			.as("over the plain port, where no certificate can come")
			.isEqualTo(401);
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryAdvertisesTheMutualTlsEndpoints() {
		Map<String, Object> metadata = new Http(this.issuer).get("/.well-known/oauth-authorization-server").json();
		String base = "https://localhost:" + PORT;
		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("mtls_endpoint_aliases",
					Map.of("token_endpoint", base + "/oauth2/token", "introspection_endpoint",
							base + "/oauth2/introspect", "revocation_endpoint", base + "/oauth2/revoke"));
		for (String endpoint : List.of("token", "introspection", "revocation")) {
			assertThat((List<Object>) metadata.get(endpoint + "_endpoint_auth_methods_supported"))
				.contains("tls_client_auth", "self_signed_tls_client_auth");
		}
	}

	// --- helpers

	Response adminGet(TestPki.Issued certificate, String accessToken) {
		return send(certificate,
				HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + "/admin/api/clients"))
					.header("Authorization", "Bearer " + accessToken)
					.GET());
	}

	static void assertRefused(Response response, String reason) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(response.json()).containsEntry("error", "invalid_client");
		assertThat((String) response.json().get("error_description")).as(response.body()).contains(reason);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> event(AdminApi auditor, Response response) {
		String correlationId = response.raw().headers().firstValue("X-Correlation-Id").orElseThrow();
		List<Map<String, Object>> events = dev.tessera.auth.audit.AuditTestSupport
			.events(auditor.get("/admin/api/audit?correlationId=" + correlationId));
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> detail(Map<String, Object> event) {
		return (Map<String, Object>) event.get("detail");
	}

	String register(String fields) {
		String clientId = "mtls-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = this.admin.post("/admin/api/clients", "{\"clientId\":\"" + clientId
				+ "\",\"name\":\"Partner\",\"grantTypes\":[\"client_credentials\"],\"scopes\":[\"orders:read\"],"
				+ "\"audiences\":[\"" + AUDIENCE + "\"]," + fields + "}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return clientId;
	}

	static Response tokenRequest(TestPki.Issued certificate, String clientId) {
		return post(certificate, "/oauth2/token",
				Map.of("grant_type", "client_credentials", "client_id", clientId, "scope", "orders:read"));
	}

	static Response post(TestPki.Issued certificate, String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(certificate,
				HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + path))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	static Response send(TestPki.Issued certificate, HttpRequest.Builder request) {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(certificate, SERVER_CA.certificate()))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		try {
			return new Response(
					client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String thumbprint(TestPki.Issued certificate) {
		return X509CertUtils.computeSHA256Thumbprint(certificate.certificate()).toString();
	}

	/** An inline key set holding the certificate's key with the certificate as x5c. */
	static String jwksOf(TestPki.Issued certificate) {
		try {
			return new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) certificate.keys().getPublic()).keyID("tls")
				.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certificate.certificate().getEncoded())))
				.build()).toString();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Response(HttpResponse<String> raw) {

		int status() {
			return this.raw.statusCode();
		}

		String body() {
			return this.raw.body();
		}

		Map<String, Object> json() {
			try {
				return new LinkedHashMap<>(JSONObjectUtils.parse(this.raw.body()));
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(this.raw.body(), ex);
			}
		}

		String accessToken() {
			return (String) json().get("access_token");
		}

	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("tessera-mtls");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
