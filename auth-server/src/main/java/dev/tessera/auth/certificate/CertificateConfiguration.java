package dev.tessera.auth.certificate;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.client.Client;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.cluster.CacheInvalidationListener;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.tls.ClientCertificateTrust;
import dev.tessera.auth.tls.ServerCertificate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The certificate lifecycle: the inventory of the TLS certificates and the clients'
 * registered ones, the expiry metric, the expiry warnings, and what keeps them current (a
 * reloaded server certificate, a changed client on any node, the periodic check).
 */
@Configuration(proxyBeanMethods = false)
public class CertificateConfiguration {

	@Bean
	CertificateInventory certificateInventory(ServerCertificate server, ClientCertificateTrust trust,
			TesseraProperties properties, ClientRepository clients, PlatformTransactionManager transactionManager) {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		String clientCaSource = (properties.tls().clientCas() != null) ? properties.tls().clientCas().toString()
				: "TESSERA_TLS_CLIENT_CAS";
		return new CertificateInventory(server::chain, server::source, trust::authorities, clientCaSource,
				() -> readOnly.execute((status) -> {
					Map<String, String> jwks = new HashMap<>();
					for (Client client : clients.findAll()) {
						if (client.getJwks() != null) {
							jwks.put(client.getClientId(), client.getJwks());
						}
					}
					return jwks;
				}), (clientId) -> readOnly.execute((status) -> clients.findByClientId(clientId).map(Client::getJwks)));
	}

	@Bean
	CertificateExpiryMetrics certificateExpiryMetrics(Clock clock) {
		return new CertificateExpiryMetrics(clock);
	}

	@Bean
	ExpiryWarnings expiryWarnings(JdbcTemplate jdbc) {
		return new ExpiryWarnings(jdbc);
	}

	@Bean
	CertificateExpiryCheck certificateExpiryCheck(TesseraProperties properties, ExpiryWarnings warnings,
			AuditTrail trail, Clock clock) {
		return new CertificateExpiryCheck(new ExpiryThresholds(properties.certificates().warningDays()), warnings,
				trail, clock);
	}

	/**
	 * Starts with the context (after the audit writer, which starts in an earlier phase)
	 * and hears of reloads of the server certificate and of the client CAs.
	 */
	@Bean
	CertificateLifecycle certificateLifecycle(CertificateInventory inventory, CertificateExpiryMetrics metrics,
			CertificateExpiryCheck check, TesseraProperties properties, ServerCertificate server,
			ClientCertificateTrust clientCas) {
		CertificateLifecycle lifecycle = new CertificateLifecycle(inventory, metrics, check,
				properties.certificates().checkInterval());
		server.onChange(lifecycle::tlsChanged);
		clientCas.onChange(lifecycle::tlsChanged);
		return lifecycle;
	}

	@Bean
	CertificateListing certificateListing(CertificateInventory inventory, Clock clock) {
		return new CertificateListing(inventory, clock);
	}

	/**
	 * A client changed on some node (this one included): its certificates are read again.
	 */
	@Bean
	CacheInvalidationListener certificateInventoryInvalidation(CertificateLifecycle lifecycle) {
		return new CacheInvalidationListener() {
			@Override
			public void clientChanged(String clientId) {
				lifecycle.clientChanged(clientId);
			}

			@Override
			public void missedMessages() {
				lifecycle.everythingChanged();
			}
		};
	}

}
