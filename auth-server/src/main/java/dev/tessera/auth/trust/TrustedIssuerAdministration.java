package dev.tessera.auth.trust;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.problem.ConflictProblem;
import dev.tessera.auth.problem.NotFoundProblem;
import dev.tessera.auth.scope.ScopeRepository;

import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The admin plane's use cases for trusted issuers: each fills in the defaults, checks
 * {@link TrustedIssuerRules} and the uniqueness of issuer and subject prefix against the
 * state the change would leave, stores it in one transaction with its audit event (never
 * the keys themselves), and tells every node: this one re-reads its
 * {@link TrustedIssuers} as soon as the change commits, the others when the change notice
 * reaches them.
 */
public class TrustedIssuerAdministration {

	private final TrustedIssuerRepository issuers;

	private final ScopeRepository scopes;

	private final TrustedIssuerRules rules;

	private final List<String> defaultAudiences;

	private final TrustedIssuers directory;

	private final CacheInvalidations invalidations;

	private final Clock clock;

	private final AuditTrail audit;

	/**
	 * @param defaultAudiences the audiences of a registration that names none: this
	 * server's issuer identifier and its token endpoint URL
	 */
	public TrustedIssuerAdministration(TrustedIssuerRepository issuers, ScopeRepository scopes,
			TrustedIssuerRules rules, List<String> defaultAudiences, TrustedIssuers directory,
			CacheInvalidations invalidations, Clock clock, AuditTrail audit) {
		this.issuers = issuers;
		this.scopes = scopes;
		this.rules = rules;
		this.defaultAudiences = List.copyOf(defaultAudiences);
		this.directory = directory;
		this.invalidations = invalidations;
		this.clock = clock;
		this.audit = audit;
	}

	@Transactional
	public TrustedIssuerRegistration create(TrustedIssuerDraft draft) {
		TrustedIssuerDraft target = draft.withDefaults(this.defaultAudiences);
		this.rules.check(target, catalogue());
		if (this.issuers.existsByIssuer(target.issuer())) {
			throw new ConflictProblem("The issuer '" + target.issuer() + "' is already registered");
		}
		if (target.subjectPrefix() != null && this.issuers.existsBySubjectPrefix(target.subjectPrefix())) {
			throw new ConflictProblem(
					"The subject prefix '" + target.subjectPrefix() + "' is taken by another trusted issuer");
		}
		TrustedIssuerRegistration registration = new TrustedIssuerRegistration(this.clock.instant());
		registration.apply(target);
		this.issuers.saveAndFlush(registration);
		changed();
		Map<String, Object> detail = detail(registration);
		detail.put("keys", (registration.getJwks() != null) ? "jwks" : "jwksUri");
		detail.put("audiences", sorted(registration.getAudiences()));
		detail.put("allowedClientIds", sorted(registration.getAllowedClientIds()));
		detail.put("allowedScopes", sorted(registration.getAllowedScopes()));
		detail.put("maxAssertionLifetimeSeconds", registration.getMaxAssertionLifetimeSeconds());
		if (registration.getSubjectPrefix() != null) {
			detail.put("subjectPrefix", AuditText.safe(registration.getSubjectPrefix()));
		}
		audited("trusted_issuer.create", registration, detail);
		return registration;
	}

	/** Every registration, sorted by issuer. */
	@Transactional(readOnly = true)
	public List<TrustedIssuerRegistration> list() {
		return this.issuers.findAll(Sort.by("issuer"));
	}

	/**
	 * The registration with this id; an id that is not a UUID names none.
	 * @throws NotFoundProblem if there is none
	 */
	@Transactional(readOnly = true)
	public TrustedIssuerRegistration get(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw notFound(id);
		}
		return this.issuers.findById(uuid).orElseThrow(() -> notFound(id));
	}

	@Transactional
	public TrustedIssuerRegistration update(String id, TrustedIssuerPatch patch) {
		TrustedIssuerRegistration registration = get(id);
		TrustedIssuerDraft target = patch.applyTo(TrustedIssuerDraft.of(registration))
			.withDefaults(this.defaultAudiences);
		this.rules.check(target, catalogue());
		if (this.issuers.existsByIssuerAndIdNot(target.issuer(), registration.getId())) {
			throw new ConflictProblem("The issuer '" + target.issuer() + "' is already registered");
		}
		if (target.subjectPrefix() != null
				&& this.issuers.existsBySubjectPrefixAndIdNot(target.subjectPrefix(), registration.getId())) {
			throw new ConflictProblem(
					"The subject prefix '" + target.subjectPrefix() + "' is taken by another trusted issuer");
		}
		registration.apply(target);
		registration.touch(this.clock.instant());
		this.issuers.saveAndFlush(registration);
		changed();
		Map<String, Object> detail = detail(registration);
		detail.put("changed", patch.changedFields());
		audited("trusted_issuer.update", registration, detail);
		return registration;
	}

	@Transactional
	public void delete(String id) {
		TrustedIssuerRegistration registration = get(id);
		this.issuers.delete(registration);
		this.issuers.flush();
		changed();
		audited("trusted_issuer.delete", registration, detail(registration));
	}

	/**
	 * Tells the other nodes (the notice leaves with the commit) and re-reads this node's
	 * directory once the change has committed, so the next token request here sees it.
	 */
	private void changed() {
		this.invalidations.trustedIssuersChanged();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					TrustedIssuerAdministration.this.directory.refresh();
				}
			});
		}
		else {
			this.directory.refresh();
		}
	}

	/**
	 * The change's audit event, durable before the transaction commits: if the audit
	 * store cannot take it, the change is rolled back.
	 */
	private void audited(String operation, TrustedIssuerRegistration registration, Map<String, Object> detail) {
		this.audit.recordAndWait(operation, AuditOutcome.SUCCESS, AuditTrail.currentActor(), detail,
				"trusted_issuer:" + registration.getId());
	}

	/** What every event names: the registration's id and issuer, never its keys. */
	private static Map<String, Object> detail(TrustedIssuerRegistration registration) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("id", registration.getId().toString());
		detail.put("issuer", AuditText.safe(registration.getIssuer()));
		return detail;
	}

	private static List<String> sorted(Set<String> values) {
		return values.stream().sorted().toList();
	}

	private Set<String> catalogue() {
		return Set.copyOf(this.scopes.findAllNames());
	}

	private static NotFoundProblem notFound(String id) {
		return new NotFoundProblem("No trusted issuer '" + id + "'");
	}

}
