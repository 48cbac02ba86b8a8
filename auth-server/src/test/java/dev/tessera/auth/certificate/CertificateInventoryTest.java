package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.X509CertUtils;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the inventory lists: the server chain, the client CAs and the first certificate of
 * each {@code x5c} of a client's inline JWKS (keys without one are skipped), each with
 * its thumbprint, names, serial and dates, the soonest to expire first; and whether a
 * refresh changed anything.
 */
class CertificateInventoryTest {

	static final Instant NOW = Instant.now();

	final TestPki.Authority ca = TestPki.authority("Inventory CA", NOW.minus(Duration.ofDays(1)),
			NOW.plus(Duration.ofDays(400)));

	final TestPki.Issued server = this.ca.issue("CN=tessera.example")
		.server()
		.expiring(NOW.plus(Duration.ofDays(90)))
		.build();

	final TestPki.Issued partner = TestPki.selfSigned("CN=partner,O=Example")
		.expiring(NOW.plus(Duration.ofDays(20)))
		.build();

	final List<X509Certificate> chain = new ArrayList<>(List.of(this.server.certificate()));

	final Map<String, String> jwks = new HashMap<>();

	final CertificateInventory inventory = new CertificateInventory(() -> this.chain, () -> "/etc/tessera/tls.pem",
			() -> List.of(this.ca.certificate()), "/etc/tessera/client-cas.pem", () -> this.jwks,
			(clientId) -> Optional.ofNullable(this.jwks.get(clientId)));

	@Test
	void listsEveryCertificateByExpiry() throws Exception {
		this.jwks.put("partner", jwks(this.partner.certificate()));
		this.jwks.put("plain",
				new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK()).toString());

		assertThat(this.inventory.refresh()).isTrue();

		List<KnownCertificate> all = this.inventory.all();
		assertThat(all).extracting(KnownCertificate::kind)
			.containsExactly(CertificateKind.CLIENT, CertificateKind.SERVER, CertificateKind.CLIENT_CA);
		KnownCertificate client = all.get(0);
		assertThat(client.thumbprint())
			.isEqualTo(X509CertUtils.computeSHA256Thumbprint(this.partner.certificate()).toString());
		String name = this.partner.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
		assertThat(name).contains("CN=partner", "O=Example");
		assertThat(client.subject()).isEqualTo(name);
		assertThat(client.issuer()).isEqualTo(name);
		assertThat(client.serialNumber()).isEqualTo(this.partner.certificate().getSerialNumber().toString(16));
		assertThat(client.notAfter()).isEqualTo(this.partner.certificate().getNotAfter().toInstant());
		assertThat(client.notBefore()).isEqualTo(this.partner.certificate().getNotBefore().toInstant());
		assertThat(client.owner()).isEqualTo("partner");
		assertThat(client.source()).isEqualTo("jwks kid partner-key");
		assertThat(all.get(1).subject()).isEqualTo("CN=tessera.example");
		assertThat(all.get(1).issuer()).isEqualTo(subject(this.ca.certificate()));
		assertThat(all.get(1).source()).isEqualTo("/etc/tessera/tls.pem");
		assertThat(all.get(1).owner()).isNull();
		assertThat(all.get(2).source()).isEqualTo("/etc/tessera/client-cas.pem");

		assertThat(this.inventory.expiringWithin(Duration.ofDays(30), NOW)).containsExactly(client);
		assertThat(this.inventory.refresh()).isFalse();
	}

	@Test
	void aChangedClientOrTlsFileIsReadAgainInPart() throws Exception {
		this.inventory.refresh();
		this.jwks.put("partner", jwks(this.partner.certificate()));
		assertThat(this.inventory.refreshClient("partner")).isTrue();
		assertThat(this.inventory.refreshClient("partner")).isFalse();
		assertThat(this.inventory.all()).extracting(KnownCertificate::owner).contains("partner");

		this.jwks.remove("partner");
		assertThat(this.inventory.refreshClient("partner")).isTrue();
		assertThat(this.inventory.all()).extracting(KnownCertificate::owner).doesNotContain("partner");

		TestPki.Issued renewed = this.ca.issue("CN=tessera.example")
			.server()
			.expiring(NOW.plus(Duration.ofDays(180)))
			.build();
		this.chain.set(0, renewed.certificate());
		assertThat(this.inventory.refreshTls()).isTrue();
		assertThat(this.inventory.all()).extracting(KnownCertificate::notAfter)
			.contains(renewed.certificate().getNotAfter().toInstant())
			.doesNotContain(this.server.certificate().getNotAfter().toInstant());
	}

	@Test
	void anUnreadableKeySetListsNothing() {
		assertThat(RegisteredCertificates.of("c", "{not json")).isEmpty();
		assertThat(RegisteredCertificates.of("c", null)).isEmpty();
	}

	static String subject(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
	}

	/** An inline JWKS whose one key carries the certificate in its {@code x5c}. */
	static String jwks(X509Certificate certificate) throws Exception {
		Map<String, Object> key = new HashMap<>(JWK.parse(certificate).toJSONObject());
		key.put("kid", "partner-key");
		return new JWKSet(JWK.parse(key)).toString();
	}

}
