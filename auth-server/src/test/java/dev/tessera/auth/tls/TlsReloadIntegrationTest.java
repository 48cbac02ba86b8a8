package dev.tessera.auth.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Certificate files replaced on disk under a running server are picked up by the watcher
 * within {@code tessera.tls.reload-interval}, with nobody calling a reload: the server
 * certificate new TLS connections get, the client-CA bundle, the CRL. A file replaced by
 * something unreadable is logged and the server keeps what it had.
 */
@TesseraServerTest
@ExtendWith(OutputCaptureExtension.class)
class TlsReloadIntegrationTest {

	static final TestPki.Authority SERVER_CA = TestPki.authority("Reload Server CA");

	static final TestPki.Authority CLIENT_CA = TestPki.authority("Reload Client CA");

	static final Path DIR = TlsConnectorTest.temporaryDirectory();

	static final int PORT = TlsConnectorTest.freePort();

	/** Generous against a slow machine; the interval is 200 ms. */
	static final Duration WITHIN = Duration.ofSeconds(20);

	@Autowired
	ClientCertificateTrust trust;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		TestPki.Issued server = SERVER_CA.issue("CN=localhost,O=Tessera").server().build();
		registry.add("tessera.tls.port", () -> PORT);
		registry.add("tessera.tls.reload-interval", () -> "200ms");
		registry.add("tessera.tls.certificate",
				() -> TestPki.write(DIR.resolve("server.pem"), server.chainPem()).toString());
		registry.add("tessera.tls.private-key",
				() -> TestPki.write(DIR.resolve("server-key.pem"), server.keyPem()).toString());
		registry.add("tessera.tls.client-cas",
				() -> TestPki.write(DIR.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate())).toString());
		registry.add("tessera.tls.crls",
				() -> TestPki.write(DIR.resolve("client-ca.crl"), TestPki.pem(CLIENT_CA.crl())).toString());
	}

	@Test
	void aServerCertificateReplacedOnDiskIsServedToNewConnections() throws Exception {
		TestPki.Issued renewed = SERVER_CA.issue("CN=localhost,O=Tessera Renewed").server().build();
		TestPki.write(DIR.resolve("server-key.pem"), renewed.keyPem());
		TestPki.write(DIR.resolve("server.pem"), renewed.chainPem());

		X509Certificate served = Poll.await(WITHIN, () -> {
			X509Certificate now = servedCertificate();
			return now.equals(renewed.certificate()) ? now : null;
		});
		assertThat(served.getSubjectX500Principal().getName()).contains("Tessera Renewed");
	}

	@Test
	void aClientCaBundleReplacedOnDiskIsTrusted() throws Exception {
		TestPki.Authority added = TestPki.authority("Reload Client CA Added");
		TestPki.Issued partner = added.issue("CN=partner,O=Acme").build();
		assertRefused(partner, CertificateRefusedException.Reason.UNTRUSTED);

		TestPki.write(DIR.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate(), added.certificate()));

		Poll.await(WITHIN, () -> this.trust.authorities().contains(added.certificate()) ? true : null);
		assertThatNoException().isThrownBy(() -> this.trust.verify(partner.chain(), Instant.now()));
	}

	@Test
	void aCrlReplacedOnDiskRevokes() throws Exception {
		TestPki.Issued partner = CLIENT_CA.issue("CN=soon-revoked,O=Acme").build();
		assertThatNoException().isThrownBy(() -> this.trust.verify(partner.chain(), Instant.now()));

		TestPki.write(DIR.resolve("client-ca.crl"), TestPki.pem(CLIENT_CA.crl(partner.certificate())));

		Poll.await(WITHIN,
				() -> this.trust.crls().stream().anyMatch(crl -> crl.isRevoked(partner.certificate())) ? true : null);
		assertRefused(partner, CertificateRefusedException.Reason.REVOKED);
	}

	@Test
	void anUnreadableReplacementIsLoggedAndTheOldBundleStays(CapturedOutput output) throws Exception {
		List<X509Certificate> before = this.trust.authorities();
		Path cas = DIR.resolve("client-cas.pem");
		String good = Files.readString(cas);
		try {
			TestPki.write(cas, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");

			Poll.await(WITHIN,
					() -> output.getOut().contains("TESSERA_TLS_CLIENT_CAS " + cas + " cannot be read") ? true : null);
			assertThat(this.trust.authorities()).isEqualTo(before);
		}
		finally {
			TestPki.write(cas, good);
		}
	}

	void assertRefused(TestPki.Issued partner, CertificateRefusedException.Reason reason) {
		ClientCertificateTrustTest.assertRefused(this.trust, partner.chain(), Instant.now(), reason);
	}

	/**
	 * The leaf a new connection is served (a new client each time: no pooled connection).
	 */
	static X509Certificate servedCertificate() {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(null, SERVER_CA.certificate()))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<Void> response = client.send(HttpRequest
				.newBuilder(URI.create("https://localhost:" + PORT + "/.well-known/oauth-authorization-server"))
				.build(), HttpResponse.BodyHandlers.discarding());
			return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
