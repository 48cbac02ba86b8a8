package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import dev.tessera.auth.audit.AuditMonths;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.Poll;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the lifecycle tests share: a {@code private_key_jwt} client whose inline JWKS
 * carries a certificate, waiting for a node's inventory to list it, and the expiry events
 * and warning rows recorded for a certificate.
 */
final class CertificateClients {

	private CertificateClients() {
	}

	/** Registers a client whose one key carries {@code certificate}; returns its id. */
	static String register(ClientRegistrar registrar, String name, X509Certificate certificate) throws Exception {
		return registrar
			.register(new ClientDraft(null, name, Set.of("client_credentials"), Set.of("private_key_jwt"), Set.of(),
					Set.of(), Set.of("https://api.example.test"), Set.of(), null, null,
					CertificateInventoryTest.jwks(certificate), null, null, false))
			.clientId();
	}

	/**
	 * Creates the audit trail's month partitions of the last three months (as the owner:
	 * the server creates months ahead only), so that the events of a node whose clock is
	 * set back two months have a month to go to.
	 */
	static void auditMonthsBack(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			new AuditMonths(connection.getMetaData().getURL(), null, null).create(-3, -1);
		}
	}

	/**
	 * Waits until the inventory lists the certificate (a client change is read
	 * off-thread).
	 */
	static void awaitListed(CertificateInventory inventory, String thumbprint) throws InterruptedException {
		Poll.await(Duration.ofSeconds(15),
				() -> inventory.all().stream().anyMatch((certificate) -> certificate.thumbprint().equals(thumbprint))
						? true : null);
	}

	/**
	 * The certificate's expiry events in the order recorded: the threshold of each
	 * {@code certificate.expiring}, {@code 0} for a {@code certificate.expired}.
	 */
	static List<Integer> events(DataSource dataSource, String thumbprint) {
		return new JdbcTemplate(dataSource).queryForList(
				"select case when operation = 'certificate.expired' then 0 "
						+ "else cast(cast(detail as jsonb) ->> 'thresholdDays' as integer) end "
						+ "from audit_event where payload_ref = ? and principal_type = 'system' "
						+ "and operation like 'certificate.%' order by occurred_at, id",
				Integer.class, "certificate:" + thumbprint);
	}

	/** The thresholds marked given for the certificate (the expired row included). */
	static List<Integer> rows(DataSource dataSource, String thumbprint) {
		return new JdbcTemplate(dataSource).queryForList(
				"select threshold_days from certificate_expiry_warning where thumbprint = ? order by threshold_days",
				Integer.class, thumbprint);
	}

}
