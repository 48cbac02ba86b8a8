package dev.tessera.auth.certificate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate lifecycle on a server with TLS configured (its chain and the client CAs
 * from PEM files) and a client that registered a certificate: {@code GET
 * /admin/api/certificates} lists all three kinds soonest first, with {@code withinDays},
 * for {@code admin:read} only; the expiry gauge is on the management port's Prometheus
 * endpoint; a certificate first seen inside two thresholds gets one warning, later the
 * next one, once expired one more, and its rows go a year after. The test that moves the
 * clock a year runs last.
 */
@TesseraServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateLifecycleIntegrationTest {

	static final TestPki.Authority SERVER_CA = TestPki.authority("Lifecycle Server CA");

	static final TestPki.Authority CLIENT_CA = TestPki.authority("Lifecycle Client CA",
			Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(700)));

	static final TestPki.Issued SERVER = SERVER_CA.issue("CN=localhost,O=Lifecycle")
		.server()
		.expiring(Instant.now().plus(Duration.ofDays(90)))
		.build();

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("tessera-lifecycle");
		registry.add("tessera.tls.port", CertificateLifecycleIntegrationTest::freePort);
		registry.add("tessera.tls.certificate",
				() -> TestPki.write(dir.resolve("server.pem"), SERVER.chainPem()).toString());
		registry.add("tessera.tls.private-key",
				() -> TestPki.write(dir.resolve("server-key.pem"), SERVER.keyPem()).toString());
		registry.add("tessera.tls.client-cas",
				() -> TestPki.write(dir.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate())).toString());
	}

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	CertificateInventory inventory;

	@Autowired
	CertificateLifecycle lifecycle;

	@Autowired
	MutableClock clock;

	@Autowired
	DataSource dataSource;

	@Autowired
	Environment environment;

	@Test
	@Order(1)
	@SuppressWarnings("unchecked")
	void theApiListsEveryCertificateSoonestFirst() throws Exception {
		TestPki.Issued partner = TestPki.selfSigned("CN=api-partner,O=Example")
			.expiring(Instant.now().plus(Duration.ofDays(20)))
			.build();
		String clientId = CertificateClients.register(this.registrar, "api-partner", partner.certificate());
		String thumbprint = KnownCertificate.thumbprint(partner.certificate());
		CertificateClients.awaitListed(this.inventory, thumbprint);
		AdminApi reader = new AdminApi(this.issuer, token("admin:read"));

		Http.Response all = reader.get("/admin/api/certificates");
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		List<Map<String, Object>> certificates = (List<Map<String, Object>>) all.json().get("certificates");
		assertThat(certificates).extracting((c) -> (String) c.get("notAfter"))
			.isSortedAccordingTo(Comparable::compareTo);
		Map<String, Object> client = find(certificates, thumbprint);
		assertThat(client).containsEntry("kind", "client")
			.containsEntry("subject", CertificateInventoryTest.subject(partner.certificate()))
			.containsEntry("issuer", CertificateInventoryTest.subject(partner.certificate()))
			.containsEntry("serialNumber", partner.certificate().getSerialNumber().toString(16))
			.containsEntry("owner", clientId)
			.containsEntry("source", "jwks kid partner-key")
			.containsEntry("notAfter", partner.certificate().getNotAfter().toInstant().toString())
			.containsKeys("notBefore");
		assertThat(((Number) client.get("expiresInSeconds")).longValue())
			.isBetween(Duration.ofDays(20).minusMinutes(5).toSeconds(), Duration.ofDays(20).toSeconds());
		Map<String, Object> server = find(certificates, KnownCertificate.thumbprint(SERVER.certificate()));
		assertThat(server).containsEntry("kind", "server")
			.containsEntry("subject", CertificateInventoryTest.subject(SERVER.certificate()));
		assertThat((String) server.get("source")).endsWith("server.pem");
		assertThat(server.get("owner")).isNull();
		Map<String, Object> ca = find(certificates, KnownCertificate.thumbprint(CLIENT_CA.certificate()));
		assertThat(ca).containsEntry("kind", "client-ca");
		assertThat(certificates.indexOf(client)).isLessThan(certificates.indexOf(server));
		assertThat(certificates.indexOf(server)).isLessThan(certificates.indexOf(ca));

		Http.Response soon = reader.get("/admin/api/certificates?withinDays=30");
		assertThat(soon.status()).isEqualTo(200);
		assertThat((List<Map<String, Object>>) soon.json().get("certificates"))
			.extracting((c) -> (String) c.get("thumbprint"))
			.contains(thumbprint)
			.doesNotContain(KnownCertificate.thumbprint(SERVER.certificate()),
					KnownCertificate.thumbprint(CLIENT_CA.certificate()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "3651", "-1", "1.5", "soon" })
	@Order(2)
	@SuppressWarnings("unchecked")
	void withinDaysOutsideOneTo3650IsAProblemNamingIt(String withinDays) {
		Http.Response refused = new AdminApi(this.issuer, token("admin:read"))
			.get("/admin/api/certificates?withinDays=" + withinDays);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat((List<Map<String, Object>>) refused.json().get("errors")).extracting((error) -> error.get("field"))
			.containsExactly("withinDays");
	}

	@Test
	@Order(3)
	void withoutAdminReadTheListIsRefused() {
		assertThat(new AdminApi(this.issuer, token("admin:clients")).get("/admin/api/certificates").status())
			.isEqualTo(403);
		assertThat(new AdminApi(this.issuer, null).get("/admin/api/certificates").status()).isEqualTo(401);
	}

	@Test
	@Order(3)
	void openApiDescribesTheListing() {
		Http.Response docs = new Http(this.issuer).get("/v3/api-docs");
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		assertThat(docs.body()).contains("/admin/api/certificates", "withinDays", "expiresInSeconds");
	}

	@Test
	@Order(4)
	void theGaugeGivesSecondsToExpiryPerCertificate() throws Exception {
		String port = this.environment.getProperty("local.management.port");
		Http management = new Http("http://localhost:" + port);
		String line = "tessera_certificate_expiry_seconds{kind=\"server\",subject=\""
				+ CertificateInventoryTest.subject(SERVER.certificate()) + "\"," + "thumbprint=\""
				+ KnownCertificate.thumbprint(SERVER.certificate()) + "\"}";
		String metrics = Poll.await(Duration.ofSeconds(15), () -> {
			String body = management.get("/actuator/prometheus").body();
			return body.contains(line) ? body : null;
		});
		String value = metrics.lines().filter((l) -> l.startsWith(line)).findFirst().orElseThrow();
		double seconds = Double.parseDouble(value.substring(line.length()).trim());
		assertThat(seconds).isBetween((double) Duration.ofDays(89).toSeconds(),
				(double) Duration.ofDays(90).toSeconds());
		assertThat(metrics).contains("tessera_certificate_expiry_seconds{kind=\"client-ca\"");
	}

	@Test
	@Order(5)
	void oneWarningWhenFirstSeenInsideTwoThresholdsThenTheNextThenExpiredAndForgottenAYearOn() throws Exception {
		Instant notAfter = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
		TestPki.Issued partner = TestPki.selfSigned("CN=late-partner,O=Example").expiring(notAfter).build();
		String thumbprint = KnownCertificate.thumbprint(partner.certificate());
		CertificateClients.register(this.registrar, "late-partner", partner.certificate());
		CertificateClients.awaitListed(this.inventory, thumbprint);

		this.lifecycle.checkNow();
		assertThat(CertificateClients.events(this.dataSource, thumbprint)).containsExactly(30);
		assertThat(CertificateClients.rows(this.dataSource, thumbprint)).containsExactly(30, 60);

		this.clock.set(notAfter.minus(Duration.ofDays(6)));
		this.lifecycle.checkNow();
		this.clock.set(notAfter.plus(Duration.ofHours(1)));
		this.lifecycle.checkNow();
		this.lifecycle.checkNow();
		assertThat(CertificateClients.events(this.dataSource, thumbprint)).containsExactly(30, 7, 0);

		this.clock.set(notAfter.plus(Duration.ofDays(366)));
		this.lifecycle.checkNow();
		assertThat(CertificateClients.rows(this.dataSource, thumbprint)).isEmpty();
		assertThat(CertificateClients.events(this.dataSource, thumbprint)).containsExactly(30, 7, 0);
	}

	private static Map<String, Object> find(List<Map<String, Object>> certificates, String thumbprint) {
		return certificates.stream()
			.filter((c) -> thumbprint.equals(c.get("thumbprint")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + thumbprint + " in " + certificates));
	}

	private String token(String scope) {
		IssuedSecret client = this.registrar.register(ClientDraft.clientCredentials(null, "certificate-reader",
				Set.of(scope), Set.of(), Set.of(this.issuer)));
		Http.Response response = new Http(this.issuer).postForm("/oauth2/token", client.clientId(),
				client.clientSecret(), form("grant_type", "client_credentials", "scope", scope));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
