package dev.tessera.auth.certificate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;
import dev.tessera.auth.support.TestPki;
import dev.tessera.auth.support.TwoNodeCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry warnings are given once per certificate and threshold, whichever node checks and
 * however often: both nodes of the shared {@link TwoNodeCluster} check at the same moment
 * after each step of the clock (61 days left: nothing; 59: the 60-day warning; 29: the
 * 30-day one; 6: the 7-day one; again: nothing; expired: once), and a node started again
 * on the same database repeats none of them. The certificate expires just before the real
 * now and the clock is set back from it, so the cluster's keys, rotated on the same
 * clock, never see the future; the audit trail's months back to then are created first
 * (the server creates months ahead only).
 */
class CertificateExpiryClusterTest {

	@Test
	@ExtendWith(TwoNodeCluster.Extension.class)
	void eachWarningOnceAcrossTwoNodes(TwoNodeCluster cluster) throws Exception {
		MutableClock clock = cluster.clock();
		Instant notAfter = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
		TestPki.Issued certificate = TestPki.selfSigned("CN=cluster-partner,O=Example")
			.validity(notAfter.minus(Duration.ofDays(365)), notAfter)
			.build();
		String thumbprint = KnownCertificate.thumbprint(certificate.certificate());
		DataSource database = cluster.a().bean(DataSource.class);
		CertificateClients.auditMonthsBack(database);
		try {
			clock.set(notAfter.minus(Duration.ofDays(61)));
			CertificateClients.register(cluster.a().bean(ClientRegistrar.class), "cluster-partner",
					certificate.certificate());
			CertificateClients.awaitListed(cluster.a().bean(CertificateInventory.class), thumbprint);
			CertificateClients.awaitListed(cluster.b().bean(CertificateInventory.class), thumbprint);

			assertThat(bothCheck(cluster, thumbprint)).isZero();
			assertThat(CertificateClients.events(database, thumbprint)).isEmpty();

			clock.set(notAfter.minus(Duration.ofDays(59)));
			assertThat(bothCheck(cluster, thumbprint)).isOne();
			assertThat(CertificateClients.events(database, thumbprint)).containsExactly(60);

			clock.set(notAfter.minus(Duration.ofDays(29)));
			assertThat(bothCheck(cluster, thumbprint)).isOne();
			assertThat(CertificateClients.events(database, thumbprint)).containsExactly(60, 30);

			clock.set(notAfter.minus(Duration.ofDays(6)));
			assertThat(bothCheck(cluster, thumbprint)).isOne();
			assertThat(bothCheck(cluster, thumbprint)).isZero();
			assertThat(CertificateClients.events(database, thumbprint)).containsExactly(60, 30, 7);

			clock.reset();
			assertThat(bothCheck(cluster, thumbprint)).isOne();
			assertThat(bothCheck(cluster, thumbprint)).isZero();
			assertThat(CertificateClients.events(database, thumbprint)).containsExactly(60, 30, 7, 0);
			assertThat(CertificateClients.rows(database, thumbprint)).containsExactly(0, 7, 30, 60);
		}
		finally {
			clock.reset();
		}
	}

	@Test
	void aRestartedNodeRepeatsNoWarning() throws Exception {
		String database = TestDatabase.get().createDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String kek = "--tessera.keys.encryption-key=" + Base64.getEncoder().encodeToString(key);
		Instant notAfter = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
		TestPki.Issued certificate = TestPki.selfSigned("CN=restart-partner,O=Example")
			.validity(notAfter.minus(Duration.ofDays(365)), notAfter)
			.build();
		String thumbprint = KnownCertificate.thumbprint(certificate.certificate());
		MutableClock clock = MutableClock.running().set(notAfter.minus(Duration.ofDays(59)));

		try (Node first = Node.startWithIssuer(database, null, clock, kek)) {
			CertificateClients.auditMonthsBack(first.bean(DataSource.class));
			CertificateClients.register(first.bean(ClientRegistrar.class), "restart-partner",
					certificate.certificate());
			CertificateClients.awaitListed(first.bean(CertificateInventory.class), thumbprint);
			first.bean(CertificateLifecycle.class).checkNow();
			assertThat(CertificateClients.events(first.bean(DataSource.class), thumbprint)).containsExactly(60);
		}

		try (Node second = Node.startWithIssuer(database, null, clock, kek)) {
			// its start-up check lists the certificate and finds the warning given
			CertificateClients.awaitListed(second.bean(CertificateInventory.class), thumbprint);
			CertificateLifecycle lifecycle = second.bean(CertificateLifecycle.class);
			assertThat(lifecycle.checkNow()).isEmpty();
			assertThat(CertificateClients.events(second.bean(DataSource.class), thumbprint)).containsExactly(60);

			clock.set(notAfter.minus(Duration.ofDays(29)));
			assertThat(lifecycle.checkNow()).hasSize(1);
			assertThat(CertificateClients.events(second.bean(DataSource.class), thumbprint)).containsExactly(60, 30);
		}
	}

	/** Both nodes check at once; how many announcements they made for the certificate. */
	private static long bothCheck(TwoNodeCluster cluster, String thumbprint) {
		CompletableFuture<List<CertificateExpiryCheck.Announcement>> a = CompletableFuture
			.supplyAsync(() -> cluster.a().bean(CertificateLifecycle.class).checkNow());
		CompletableFuture<List<CertificateExpiryCheck.Announcement>> b = CompletableFuture
			.supplyAsync(() -> cluster.b().bean(CertificateLifecycle.class).checkNow());
		return List.of(a.join(), b.join())
			.stream()
			.flatMap(List::stream)
			.filter((announcement) -> announcement.certificate().thumbprint().equals(thumbprint))
			.count();
	}

}
