package dev.tessera.auth.client.certificate;

import java.io.IOException;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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

	// --- helpers

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
