package dev.tessera.auth.trust;

import java.time.Clock;
import java.util.List;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.cluster.CacheInvalidationListener;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.egress.JwksFetcher;
import dev.tessera.auth.scope.ScopeRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the trusted issuers: the in-memory directory the grant reads, its refresh on
 * other nodes' changes, and the admin plane's rules and use cases.
 */
@Configuration(proxyBeanMethods = false)
public class TrustConfiguration {

	/**
	 * Each read in its own read-only transaction, also when it runs just after an admin
	 * change committed (while that transaction's resources are still bound).
	 */
	@Bean(initMethod = "initialize")
	TrustedIssuers trustedIssuers(TrustedIssuerRepository repository, PlatformTransactionManager transactionManager) {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new TrustedIssuers(() -> readOnly
			.execute(status -> repository.findAll().stream().map(TrustedIssuerRegistration::toTrustedIssuer).toList()));
	}

	/**
	 * Another node changed a trusted issuer, or notices may have been missed: re-read.
	 */
	@Bean
	CacheInvalidationListener trustedIssuersInvalidation(TrustedIssuers directory) {
		return new CacheInvalidationListener() {
			@Override
			public void trustedIssuersChanged() {
				directory.refresh();
			}

			@Override
			public void missedMessages() {
				directory.refresh();
			}
		};
	}

	/** The rules, with key URLs held to the outbound (egress) policy as for clients. */
	@Bean
	TrustedIssuerRules trustedIssuerRules(TesseraProperties properties) {
		return new TrustedIssuerRules(JwksFetcher.urlProblem(!properties.isProduction()));
	}

	@Bean
	TrustedIssuerAdministration trustedIssuerAdministration(TrustedIssuerRepository repository, ScopeRepository scopes,
			TrustedIssuerRules rules, TrustedIssuers directory, CacheInvalidations invalidations, Clock clock,
			AuditTrail audit, TesseraProperties properties, AuthorizationServerSettings endpoints) {
		return new TrustedIssuerAdministration(repository, scopes, rules, defaultAudiences(properties, endpoints),
				directory, invalidations, clock, audit);
	}

	/**
	 * What an assertion's {@code aud} may name when an admin lists no audiences: this
	 * server's issuer identifier, or its token endpoint URL (RFC 7523 §3).
	 */
	static List<String> defaultAudiences(TesseraProperties properties, AuthorizationServerSettings endpoints) {
		String issuer = properties.issuer();
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		return List.of(issuer, base + endpoints.getTokenEndpoint());
	}

}
