package dev.tessera.auth.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tick of the watcher at a time: what changed is used and logged once, what did not
 * change logs nothing, a broken file is one ERROR naming it while the old material stays,
 * and a CRL past its {@code nextUpdate} is warned about once.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsFileWatcherTest {

	static final TestPki.Authority SERVER_CA = TestPki.authority("Watcher Server CA");

	static final TestPki.Authority CLIENT_CA = TestPki.authority("Watcher Client CA");

	@TempDir
	Path dir;

	Path certificate;

	Path key;

	Path cas;

	Path crl;

	ServerCertificate server;

	ClientCertificateTrust trust;

	MutableClock clock = MutableClock.running();

	TlsFileWatcher watcher;

	@BeforeEach
	void files() {
		TestPki.Issued issued = SERVER_CA.issue("CN=localhost,O=Watcher").server().build();
		this.certificate = TestPki.write(this.dir.resolve("server.pem"), issued.chainPem());
		this.key = TestPki.write(this.dir.resolve("server-key.pem"), issued.keyPem());
		this.cas = TestPki.write(this.dir.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate()));
		this.crl = TestPki.write(this.dir.resolve("client-ca.crl"), TestPki.pem(CLIENT_CA.crl()));
		this.server = ServerCertificate.fromFiles(this.certificate, this.key);
		this.trust = ClientCertificateTrust.fromFiles(this.cas, List.of(this.crl));
		this.watcher = new TlsFileWatcher(this.server, this.trust, Duration.ofSeconds(10), this.clock);
	}

	@Test
	void aTickWithNothingChangedDoesNothingAndLogsNothing(CapturedOutput output) {
		AtomicInteger changes = new AtomicInteger();
		this.server.onChange(changes::incrementAndGet);
		this.trust.onChange(changes::incrementAndGet);
		int before = output.getOut().length();

		this.watcher.check();
		this.watcher.check();

		assertThat(changes).hasValue(0);
		assertThat(output.getOut().substring(before)).isEmpty();
	}

	@Test
	void usesReplacedFilesAndTellsTheListeners(CapturedOutput output) {
		AtomicInteger serverChanges = new AtomicInteger();
		AtomicInteger trustChanges = new AtomicInteger();
		this.server.onChange(serverChanges::incrementAndGet);
		this.trust.onChange(trustChanges::incrementAndGet);
		TestPki.Issued renewed = SERVER_CA.issue("CN=localhost,O=Watcher Renewed").server().build();
		TestPki.Authority newCa = TestPki.authority("Watcher Client CA 2");
		TestPki.Issued revoked = CLIENT_CA.issue("CN=revoked").build();

		TestPki.write(this.key, renewed.keyPem());
		TestPki.write(this.certificate, renewed.chainPem());
		TestPki.write(this.cas, TestPki.pem(CLIENT_CA.certificate(), newCa.certificate()));
		TestPki.write(this.crl, TestPki.pem(CLIENT_CA.crl(revoked.certificate())));
		this.watcher.check();

		assertThat(this.server.chain()).first().isEqualTo(renewed.certificate());
		assertThat(this.trust.authorities()).containsExactly(CLIENT_CA.certificate(), newCa.certificate());
		assertThat(this.trust.crls()).singleElement()
			.satisfies(list -> assertThat(list.isRevoked(revoked.certificate())).isTrue());
		assertThat(serverChanges).hasValue(1);
		assertThat(trustChanges).hasValue(1);
		assertThat(output.getOut()).contains("Reloaded the TLS certificate " + this.certificate)
			.contains("Reloaded the client CAs TESSERA_TLS_CLIENT_CAS " + this.cas);
	}

	@Test
	void aBrokenFileIsOneErrorNamingItAndTheOldMaterialStays(CapturedOutput output) throws Exception {
		List<?> chain = this.server.chain();
		List<?> authorities = this.trust.authorities();
		Files.writeString(this.cas, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
		TestPki.Issued otherKey = SERVER_CA.issue("CN=localhost,O=Other").server().build();
		TestPki.write(this.key, otherKey.keyPem());

		this.watcher.check();
		this.watcher.check();
		this.watcher.check();

		assertThat(this.server.chain()).isEqualTo(chain);
		assertThat(this.trust.authorities()).isEqualTo(authorities);
		assertThat(occurrences(output.getOut(), "ERROR")).isEqualTo(2);
		assertThat(output.getOut()).contains("TESSERA_TLS_CLIENT_CAS " + this.cas + " cannot be read")
			.contains("TESSERA_TLS_PRIVATE_KEY " + this.key + " is not the key of the certificate");

		// the renewal completes: used at the next tick
		TestPki.write(this.certificate, otherKey.chainPem());
		TestPki.write(this.cas, TestPki.pem(CLIENT_CA.certificate()));
		this.watcher.check();

		assertThat(this.server.chain()).first().isEqualTo(otherKey.certificate());
		assertThat(output.getOut()).contains("can be read again");
		assertThat(occurrences(output.getOut(), "ERROR")).isEqualTo(2);
	}

	@Test
	void warnsOnceAboutACrlPastItsNextUpdate(CapturedOutput output) {
		this.watcher.check();
		assertThat(output.getOut()).doesNotContain("was due to be replaced");

		// TestPki's CRLs are due for replacement in 7 days
		this.clock.advance(Duration.ofDays(8));
		this.watcher.check();
		this.watcher.check();

		assertThat(occurrences(output.getOut(), "was due to be replaced")).isEqualTo(1);
		assertThat(output.getOut()).contains(this.crl.toString());
	}

	static int occurrences(String text, String part) {
		return ClientCertificateTrustTest.occurrences(text, part);
	}

}
