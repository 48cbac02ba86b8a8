package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in its {@code tls} profile, over real TLS connections: a certificate-bound
 * access token (RFC 8705 §3, {@code cnf.x5t#S256}) is accepted only over a connection
 * whose client certificate has that thumbprint, refused over a connection with another
 * certificate of the same CA and over one without a certificate; tokens without
 * {@code cnf} work with or without a certificate. The sample's TLS certificate, key and
 * client CA are PEM files made by the test and named the way an operator names them (the
 * {@code SAMPLE_TLS_*} settings); the tokens are signed locally like the other tests'.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("tls")
class CertificateBoundTokenTest {

	private static final String AUDIENCE = "https://orders.example.test";

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final ECKey KEY = generateKey();

	private static final JwksServer JWKS = JwksServer.serving(new JWKSet(KEY));

	private static final TestCertificates CA = new TestCertificates();

	private static final TestCertificates.Issued BOUND = CA.client("partner-a");

	private static final TestCertificates.Issued OTHER = CA.client("partner-b");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		Path dir = temporaryDirectory();
		TestCertificates.Issued server = CA.server();
		Path chain = TestCertificates.writePem(dir.resolve("server-chain.pem"), server.certificate(), CA.certificate());
		Path key = TestCertificates.writeKey(dir.resolve("server-key.pem"), server.keys());
		Path clientCas = TestCertificates.writePem(dir.resolve("client-cas.pem"), CA.certificate());
		chain.toFile().deleteOnExit();
		key.toFile().deleteOnExit();
		clientCas.toFile().deleteOnExit();
		registry.add("SAMPLE_TLS_CERTIFICATE", chain::toString);
		registry.add("SAMPLE_TLS_PRIVATE_KEY", key::toString);
		registry.add("SAMPLE_TLS_CLIENT_CAS", clientCas::toString);
		registry.add("sample.issuer", JWKS::issuer);
		registry.add("sample.jwk-set-uri", () -> "");
		registry.add("sample.audience", () -> AUDIENCE);
	}

	@AfterAll
	static void stopJwks() {
		JWKS.close();
	}

	@Test
	void aBoundTokenIsAcceptedOverAConnectionWithItsCertificate() throws Exception {
		HttpResponse<String> response = hello(BOUND, boundTo(BOUND));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(AccessTokens.CLIENT_ID);
	}

	@Test
	void aBoundTokenIsRefusedOverAConnectionWithAnotherCertificate() throws Exception {
		HttpResponse<String> response = hello(OTHER, boundTo(BOUND));

		assertThat(response.statusCode()).isEqualTo(401);
		// refused for the thumbprint, not for anything else about the token
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).contains("invalid_token").contains("Invalid SHA-256 Thumbprint"));
	}

	@Test
	void aBoundTokenIsRefusedOverAConnectionWithoutACertificate() throws Exception {
		HttpResponse<String> response = hello(null, boundTo(BOUND));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("invalid_token")
				.contains("Unable to obtain X509Certificate"));
	}

	@Test
	void anUnboundTokenWorksWithAndWithoutACertificate() throws Exception {
		String token = AccessTokens.sign(KEY, JWSAlgorithm.ES256, AT_JWT,
				AccessTokens.claims(JWKS.issuer(), AUDIENCE, "sample:read").build());

		assertThat(hello(null, token).statusCode()).isEqualTo(200);
		assertThat(hello(OTHER, token).statusCode()).isEqualTo(200);
	}

	private static String boundTo(TestCertificates.Issued certificate) {
		return AccessTokens.sign(KEY, JWSAlgorithm.ES256, AT_JWT,
				AccessTokens.claims(JWKS.issuer(), AUDIENCE, "sample:read")
					.claim("cnf", Map.of("x5t#S256", certificate.thumbprint()))
					.build());
	}

	/** {@code GET /api/hello} over a new TLS connection presenting {@code client}. */
	private HttpResponse<String> hello(TestCertificates.Issued client, String token)
			throws IOException, InterruptedException {
		// a client (and so a connection) of its own per call: no connection is reused
		// with another certificate
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(CA.clientContext(client))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/api/hello"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Path temporaryDirectory() {
		try {
			Path dir = Files.createTempDirectory("sample-tls");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ECKey generateKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("ec-app").keyUse(KeyUse.SIGNATURE).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
