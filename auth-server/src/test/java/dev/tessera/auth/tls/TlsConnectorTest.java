package dev.tessera.auth.tls;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLParameters;

import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTTPS connector on a real port, reached by a real TLS client: TLS 1.3, client
 * certificates requested but not required, old protocol versions refused, and a server
 * certificate replaced on disk served to new connections after a reload.
 */
@TesseraServerTest
class TlsConnectorTest {

	static final TestPki.Authority SERVER_CA = TestPki.authority("Tessera Test Server CA");

	static final TestPki.Authority CLIENT_CA = TestPki.authority("Tessera Test Client CA");

	static final Path DIR = temporaryDirectory();

	static final int PORT = freePort();

	@Autowired
	ServerCertificate serverCertificate;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		TestPki.Issued server = SERVER_CA.issue("CN=localhost,O=Tessera").server().build();
		registry.add("tessera.tls.port", () -> PORT);
		// the renewal test reloads by hand: no watcher tick may take its change first
		registry.add("tessera.tls.reload-interval", () -> "0");
		registry.add("tessera.tls.certificate",
				() -> TestPki.write(DIR.resolve("server.pem"), server.chainPem()).toString());
		registry.add("tessera.tls.private-key",
				() -> TestPki.write(DIR.resolve("server-key.pem"), server.keyPem()).toString());
		registry.add("tessera.tls.client-cas",
				() -> TestPki.write(DIR.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate())).toString());
	}

	@Test
	void servesTls13WithAndWithoutAClientCertificate() throws Exception {
		HttpResponse<String> anonymous = get(client(null), "/.well-known/oauth-authorization-server");
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.sslSession())
			.hasValueSatisfying(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));

		TestPki.Issued partner = CLIENT_CA.issue("CN=partner,O=Acme").build();
		HttpResponse<String> withCertificate = get(client(partner), "/.well-known/oauth-authorization-server");
		assertThat(withCertificate.statusCode()).isEqualTo(200);
		assertThat(withCertificate.sslSession()).hasValueSatisfying(
				session -> assertThat(session.getLocalCertificates()).containsExactly(partner.certificate()));
	}

	/**
	 * HTTPS responses carry HSTS and the other security headers, errors included, and no
	 * server banner; the plain port (an http issuer) has no HSTS.
	 */
	@Test
	void tlsResponsesCarryHstsAndNoBanner() throws Exception {
		HttpClient tls = client(null);
		for (String path : new String[] { "/.well-known/oauth-authorization-server", "/oauth2/jwks", "/no/such/path",
				"/admin/api/clients" }) {
			HttpResponse<String> response = get(tls, path);
			assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path)
				.hasValue("max-age=31536000 ; includeSubDomains");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
			assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
		}
		HttpResponse<String> tooLarge = tls.send(HttpRequest
			.newBuilder(URI.create("https://localhost:" + PORT + "/.well-known/oauth-authorization-server"))
			.header("X-Padding", "x".repeat(9 * 1024))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(tooLarge.statusCode()).as("the header limit holds on the TLS connector too").isEqualTo(400);
		assertThat(tooLarge.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(tooLarge.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	@Test
	void refusesVersionsBeforeTls12() {
		SSLParameters tls11 = new SSLParameters();
		tls11.setProtocols(new String[] { "TLSv1.1" });
		HttpClient old = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(null, SERVER_CA.certificate()))
			.sslParameters(tls11)
			.build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(old, "/.well-known/oauth-authorization-server"));
	}

	@Test
	void offersTls12OnlyWithForwardSecretAeadSuites() throws Exception {
		SSLParameters tls12 = new SSLParameters();
		tls12.setProtocols(new String[] { "TLSv1.2" });
		HttpClient modern = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(null, SERVER_CA.certificate()))
			.sslParameters(tls12)
			.build();
		HttpResponse<String> response = get(modern, "/.well-known/oauth-authorization-server");
		assertThat(response.sslSession()).hasValueSatisfying(session -> {
			assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
			assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "_CHACHA20_");
		});

		SSLParameters cbcOnly = new SSLParameters();
		cbcOnly.setProtocols(new String[] { "TLSv1.2" });
		cbcOnly.setCipherSuites(new String[] { "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256" });
		HttpClient old = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(null, SERVER_CA.certificate()))
			.sslParameters(cbcOnly)
			.build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(old, "/.well-known/oauth-authorization-server"));
	}

	@Test
	void servesARenewedCertificateWithoutARestart() throws Exception {
		TestPki.Issued renewed = SERVER_CA.issue("CN=localhost,O=Tessera Renewed").server().build();
		TestPki.write(DIR.resolve("server-key.pem"), renewed.keyPem());
		TestPki.write(DIR.resolve("server.pem"), renewed.chainPem());

		assertThat(this.serverCertificate.reload()).isTrue();

		HttpResponse<String> response = get(client(null), "/.well-known/oauth-authorization-server");
		X509Certificate served = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
		assertThat(served).isEqualTo(renewed.certificate());
		assertThat(this.serverCertificate.chain()).first().isEqualTo(renewed.certificate());
		assertThat(this.serverCertificate.reload()).isFalse();
	}

	static HttpClient client(TestPki.Issued certificate) {
		return HttpClient.newBuilder().sslContext(TestPki.sslContext(certificate, SERVER_CA.certificate())).build();
	}

	static HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + path)).build(),
				HttpResponse.BodyHandlers.ofString());
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
			return Files.createTempDirectory("tessera-tls");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
