package dev.tessera.auth.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tessera.auth.support.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The rules a {@code tls_client_auth} certificate passes: a path to a configured client
 * CA (with or without the intermediate sent), validity at the given instant, its CA's
 * CRL; CRLs checked against their CA's key when loaded and still applied when stale;
 * reloads that change nothing are no change.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientCertificateTrustTest {

	static final TestPki.Authority ROOT = TestPki.authority("Trust Test Root");

	static final TestPki.Authority INTERMEDIATE = ROOT.intermediate("Trust Test Issuing CA");

	static final Instant NOW = Instant.now();

	@TempDir
	Path dir;

	@Test
	void acceptsAChainThroughAnIntermediateToTheRoot() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		assertThat(partner.chain()).hasSize(2);
		assertThatNoException().isThrownBy(() -> trust.verify(partner.chain(), NOW));
	}

	@Test
	void acceptsALeafSentAloneWhenItsIntermediateIsInTheBundle() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(INTERMEDIATE.certificate()), List.of());
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		assertThatNoException().isThrownBy(() -> trust.verify(partner.leafOnly().chain(), NOW));
	}

	@Test
	void refusesALeafSentAloneWhenOnlyTheRootIsTrusted() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		assertRefused(trust, partner.leafOnly().chain(), NOW, CertificateRefusedException.Reason.UNTRUSTED);
	}

	@Test
	void refusesAnExpiredCertificateSayingWhen() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Issued expired = INTERMEDIATE.issue("CN=partner,O=Acme").expiring(NOW.minusSeconds(60)).build();

		CertificateRefusedException refused = assertRefused(trust, expired.chain(), NOW,
				CertificateRefusedException.Reason.EXPIRED);
		assertThat(refused.getMessage()).contains("expired at");
	}

	@Test
	void refusesACertificateNotValidYet() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Issued early = INTERMEDIATE.issue("CN=partner,O=Acme")
			.validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)))
			.build();

		assertRefused(trust, early.chain(), NOW, CertificateRefusedException.Reason.NOT_YET_VALID);
	}

	@Test
	void refusesACertificateOfAnotherCa() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Authority stranger = TestPki.authority("Trust Test Root");
		TestPki.Issued impostor = stranger.issue("CN=partner,O=Acme").build();

		assertRefused(trust, impostor.chain(), NOW, CertificateRefusedException.Reason.UNTRUSTED);
	}

	@Test
	void refusesACertificateOnItsCasCrlAndAcceptsItsSibling() {
		TestPki.Issued revoked = INTERMEDIATE.issue("CN=revoked,O=Acme").build();
		TestPki.Issued sibling = INTERMEDIATE.issue("CN=sibling,O=Acme").build();
		ClientCertificateTrust trust = ClientCertificateTrust.of(
				List.of(ROOT.certificate(), INTERMEDIATE.certificate()),
				List.of(INTERMEDIATE.crl(revoked.certificate())));

		CertificateRefusedException refused = assertRefused(trust, revoked.chain(), NOW,
				CertificateRefusedException.Reason.REVOKED);
		assertThat(refused.getMessage()).contains(revoked.certificate().getSerialNumber().toString(16));
		assertThatNoException().isThrownBy(() -> trust.verify(sibling.chain(), NOW));
	}

	@Test
	void refusesACertificateUnderAnIntermediateTheRootsCrlRevokes() {
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()),
				List.of(ROOT.crl(INTERMEDIATE.certificate())));

		CertificateRefusedException refused = assertRefused(trust, partner.chain(), NOW,
				CertificateRefusedException.Reason.REVOKED);
		assertThat(refused.getMessage()).contains("Trust Test Issuing CA").contains("issuer's CRL");
	}

	@Test
	void refusesAtLoadACrlNotSignedByItsCasKey() {
		TestPki.Authority sameNameOtherKey = TestPki.authority("Trust Test Root");
		Path cas = TestPki.write(this.dir.resolve("cas.pem"), TestPki.pem(ROOT.certificate()));
		Path crl = TestPki.write(this.dir.resolve("forged.crl"), TestPki.pem(sameNameOtherKey.crl()));

		assertThatIllegalStateException().isThrownBy(() -> ClientCertificateTrust.fromFiles(cas, List.of(crl)))
			.withMessageContaining(crl.toString())
			.withMessageContaining("not signed by that CA's key");
	}

	@Test
	void setsAsideTheCrlOfACaNoLongerTrusted() throws Exception {
		Path cas = TestPki.write(this.dir.resolve("cas.pem"),
				TestPki.pem(ROOT.certificate(), INTERMEDIATE.certificate()));
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();
		Path crl = TestPki.write(this.dir.resolve("intermediate.crl"),
				TestPki.pem(INTERMEDIATE.crl(partner.certificate())));
		ClientCertificateTrust trust = ClientCertificateTrust.fromFiles(cas, List.of(crl));
		assertRefused(trust, partner.chain(), NOW, CertificateRefusedException.Reason.REVOKED);

		// the operator stops trusting the intermediate; its CRL is still listed
		TestPki.write(cas, TestPki.pem(ROOT.certificate()));
		assertThat(trust.reload()).isTrue();

		assertThat(trust.authorities()).containsExactly(ROOT.certificate());
		assertThat(trust.crls()).isEmpty();
		TestPki.Issued direct = ROOT.issue("CN=direct,O=Acme").build();
		trust.verify(direct.chain(), NOW);
	}

	@Test
	void refusesAServerCertificateOrACaCertificateAsAClientCertificate() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());
		TestPki.Issued server = ROOT.issue("CN=partner.example,O=Acme").server().build();
		assertThat(assertRefused(trust, server.chain(), NOW, CertificateRefusedException.Reason.INVALID).getMessage())
			.contains("id-kp-clientAuth");
		assertThat(assertRefused(trust, List.of(INTERMEDIATE.certificate()), NOW,
				CertificateRefusedException.Reason.INVALID)
			.getMessage()).contains("CA certificate");
	}

	@Test
	void refusesEveryCertificateWhenNoCaIsConfigured() {
		ClientCertificateTrust trust = ClientCertificateTrust.fromFiles(null, List.of());
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		CertificateRefusedException refused = assertRefused(trust, partner.chain(), NOW,
				CertificateRefusedException.Reason.UNTRUSTED);
		assertThat(refused.getMessage()).contains("TESSERA_TLS_CLIENT_CAS");
		assertThat(trust.authorities()).isEmpty();
	}

	@Test
	void refusesAnEmptyChain() {
		ClientCertificateTrust trust = ClientCertificateTrust.of(List.of(ROOT.certificate()), List.of());

		assertRefused(trust, List.of(), NOW, CertificateRefusedException.Reason.INVALID);
	}

	@Test
	void appliesAStaleCrlAndWarnsOnce(CapturedOutput output) {
		TestPki.Issued revoked = INTERMEDIATE.issue("CN=revoked,O=Acme").build();
		TestPki.Issued sibling = INTERMEDIATE.issue("CN=sibling,O=Acme").build();
		ClientCertificateTrust trust = ClientCertificateTrust.of(
				List.of(ROOT.certificate(), INTERMEDIATE.certificate()),
				List.of(INTERMEDIATE.crl(revoked.certificate())));
		// TestPki's CRLs are due for replacement in 7 days; the certificates last 30
		Instant afterNextUpdate = NOW.plus(Duration.ofDays(8));

		assertRefused(trust, revoked.chain(), afterNextUpdate, CertificateRefusedException.Reason.REVOKED);
		assertThatNoException().isThrownBy(() -> trust.verify(sibling.chain(), afterNextUpdate));
		trust.warnAboutStaleCrls(afterNextUpdate);

		assertThat(occurrences(output.getOut(), "was due to be replaced")).isEqualTo(1);
		assertThat(output.getOut()).contains("CN=Trust Test Issuing CA");
	}

	@Test
	void aFreshCrlIsNotWarnedAbout(CapturedOutput output) {
		ClientCertificateTrust trust = ClientCertificateTrust
			.of(List.of(ROOT.certificate(), INTERMEDIATE.certificate()), List.of(INTERMEDIATE.crl()));

		trust.warnAboutStaleCrls(NOW);

		assertThat(output.getOut()).doesNotContain("was due to be replaced");
	}

	@Test
	void reloadsChangedFilesTellingListenersAndKeepsTheOldOnesWhenUnreadable() throws Exception {
		Path cas = TestPki.write(this.dir.resolve("cas.pem"),
				TestPki.pem(ROOT.certificate(), INTERMEDIATE.certificate()));
		X509CRL published = INTERMEDIATE.crl();
		Path crl = TestPki.write(this.dir.resolve("issuing.crl"), TestPki.pem(published));
		ClientCertificateTrust trust = ClientCertificateTrust.fromFiles(cas, List.of(crl));
		AtomicInteger changes = new AtomicInteger();
		trust.onChange(changes::incrementAndGet);
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		// the same content written again (as a publication job would): no change
		TestPki.write(crl, TestPki.pem(published));
		TestPki.write(cas, TestPki.pem(ROOT.certificate(), INTERMEDIATE.certificate()));
		assertThat(trust.reload()).isFalse();

		TestPki.write(crl, TestPki.pem(INTERMEDIATE.crl(partner.certificate())));
		assertThat(trust.reload()).isTrue();
		assertThat(changes).hasValue(1);
		assertRefused(trust, partner.chain(), NOW, CertificateRefusedException.Reason.REVOKED);

		Files.writeString(cas, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
		assertThatIllegalStateException().isThrownBy(trust::reload).withMessageContaining(cas.toString());
		assertThat(trust.authorities()).containsExactly(ROOT.certificate(), INTERMEDIATE.certificate());
		assertThat(changes).hasValue(1);
	}

	@Test
	void trustsTheCertificatesOfAnSslBundlesTrustStore() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("issuing", INTERMEDIATE.certificate());
		SslBundle bundle = SslBundle.of(SslStoreBundle.of(null, null, store));
		ClientCertificateTrust trust = ClientCertificateTrust.fromBundle("partners", () -> bundle, List.of());
		TestPki.Issued partner = INTERMEDIATE.issue("CN=partner,O=Acme").build();

		assertThat(trust.authorities()).containsExactly(INTERMEDIATE.certificate());
		assertThat(trust.source()).contains("SSL bundle partners");
		assertThatNoException().isThrownBy(() -> trust.verify(partner.leafOnly().chain(), NOW));
	}

	static CertificateRefusedException assertRefused(ClientCertificateTrust trust, List<X509Certificate> chain,
			Instant at, CertificateRefusedException.Reason reason) {
		CertificateRefusedException[] caught = new CertificateRefusedException[1];
		assertThatExceptionOfType(CertificateRefusedException.class).isThrownBy(() -> trust.verify(chain, at))
			.satisfies(ex -> caught[0] = ex)
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(reason));
		return caught[0];
	}

	static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
