package dev.tessera.auth.client;

import org.springframework.context.ApplicationEventPublisher;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.problem.ForbiddenProblem;
import dev.tessera.auth.problem.NotFoundProblem;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.scope.ScopeRepository;

import org.springframework.transaction.annotation.Transactional;

/**
 * The admin plane's use cases for clients: each checks {@link ClientRules} against the
 * state the change would leave, stores it in one transaction, and evicts the client from
 * the cache so the token plane sees the change at once on this node.
 */
public class ClientAdministration {

	private final ClientRepository clients;

	private final ScopeRepository scopes;

	private final ClientRegistrar registrar;

	private final ClientRules rules;

	private final ClientDirectory directory;

	private final java.time.Clock clock;

	private final AuditTrail audit;

	private final CacheInvalidations invalidations;

	private final ApplicationEventPublisher events;

	public ClientAdministration(ClientRepository clients, ScopeRepository scopes, ClientRegistrar registrar,
			ClientRules rules, ClientDirectory directory, java.time.Clock clock, AuditTrail audit,
			CacheInvalidations invalidations, ApplicationEventPublisher events) {
		this.events = events;
		this.audit = audit;
		this.invalidations = invalidations;
		this.clients = clients;
		this.scopes = scopes;
		this.registrar = registrar;
		this.rules = rules;
		this.directory = directory;
		this.clock = clock;
	}

	/** Registers a client; the response carries its secret, this once. */
	@Transactional
	public Registered create(ClientDraft draft, Set<String> callerScopes) {
		this.rules.check(draft, catalogue(), callerScopes);
		IssuedSecret secret = this.registrar.register(draft);
		Client client = get(secret.clientId());
		audited("client.create", client,
				Map.of("grantTypes", sorted(draft.grantTypes()), "authMethods", sorted(draft.authMethods()), "scopes",
						sorted(draft.scopes()), "firstParty", draft.personFlow().firstParty()));
		return new Registered(client, secret);
	}

	@Transactional(readOnly = true)
	public List<Client> list() {
		return this.clients.findAll(org.springframework.data.domain.Sort.by("clientId"));
	}

	@Transactional(readOnly = true)
	public Client get(String clientId) {
		return this.clients.findByClientId(clientId)
			.orElseThrow(() -> new NotFoundProblem("No client '" + clientId + "'"));
	}

	/**
	 * Applies the change. A security change (see {@link SecurityChange}) ends every token
	 * issued until now, and every refresh token family ({@link ClientSecurityChanged}).
	 * Removing the secret methods deletes the stored secret hashes, so adding them back
	 * never revives an old secret: a change that turns secret authentication (back) on
	 * issues a new secret, returned with the client this once, as at registration.
	 */
	@Transactional
	public Updated update(String clientId, ClientPatch patch, Set<String> callerScopes) {
		Client client = get(clientId);
		requireCallerCovers(client, callerScopes);
		ClientDraft before = ClientDraft.of(client);
		boolean wasEnabled = client.isEnabled();
		ClientDraft target = patch.applyTo(before);
		this.rules.check(target, catalogue(), callerScopes);
		java.time.Instant now = this.clock.instant();
		client.setName(target.name());
		if (patch.enabled() != null) {
			client.setEnabled(patch.enabled());
		}
		replace(client.getGrantTypes(), target.grantTypes());
		replace(client.getAuthMethods(), target.authMethods());
		replace(client.getScopes(), target.scopes());
		replace(client.getDefaultScopes(), target.defaultScopes());
		replace(client.getAudiences(), target.audiences());
		replace(client.getRedirectUris(), target.redirectUris());
		client.setAccessTokenTtlSeconds(target.accessTokenTtlSeconds());
		client.setSecretTtlSeconds(target.secretTtlSeconds());
		client.setJwks(target.jwks());
		client.setJwksUri(target.jwksUri());
		client.setTlsIdentity(target.tls());
		client.setCertificateBoundTokens(target.certificateBoundTokens());
		client.setFirstParty(target.personFlow().firstParty());
		replace(client.getPostLogoutRedirectUris(), target.personFlow().postLogoutRedirectUris());
		client.setRefreshTokenIdleSeconds(target.personFlow().refreshTokenIdleSeconds());
		client.setRefreshTokenAbsoluteSeconds(target.personFlow().refreshTokenAbsoluteSeconds());
		client.setTokenQuota(target.tokenQuota());
		List<String> securityChanges = SecurityChange.between(before, wasEnabled, target, client.isEnabled());
		if (!securityChanges.isEmpty()) {
			client.revokeTokensIssuedBefore(now);
			this.events.publishEvent(new ClientSecurityChanged(client.getId().toString()));
		}
		IssuedSecret secret = null;
		if (!target.usesSecret()) {
			client.getSecrets().clear();
		}
		else if (!before.usesSecret()) {
			client.getSecrets().clear();
			secret = this.registrar.addSecret(client, now);
		}
		client.touch(now);
		ClientDirectoryEviction.evict(this.directory, this.invalidations, clientId);
		audited("client.update", client,
				Map.of("changed", patch.changedFields(), "enabled", client.isEnabled(), "scopes",
						sorted(client.getScopes()), "securityChanges", securityChanges, "secretIssued",
						secret != null));
		return new Updated(client, secret);
	}

	/**
	 * Deletes the client; its tokens introspect inactive, its refresh token families end,
	 * and it can get no more.
	 */
	@Transactional
	public void delete(String clientId, Set<String> callerScopes) {
		Client client = get(clientId);
		requireCallerCovers(client, callerScopes);
		this.clients.delete(client);
		this.events.publishEvent(new ClientSecurityChanged(client.getId().toString()));
		ClientDirectoryEviction.evict(this.directory, this.invalidations, clientId);
		audited("client.delete", client, Map.of());
	}

	@Transactional
	public IssuedSecret rotateSecret(String clientId, java.time.Duration grace, Set<String> callerScopes) {
		requireCallerCovers(get(clientId), callerScopes);
		IssuedSecret issued = this.registrar.rotateSecret(clientId, grace);
		audited("client.secret.rotate", get(clientId),
				Map.of("graceSeconds", grace.toSeconds(), "newSecretExpiresAt", issued.expiresAt().toString()));
		return issued;
	}

	/**
	 * The change's audit event, durable before the transaction commits: if the audit
	 * store cannot take it, the change is rolled back.
	 */
	private void audited(String operation, Client client, Map<String, Object> detail) {
		this.audit.recordAndWait(operation, AuditOutcome.SUCCESS, AuditTrail.currentActor(), detail,
				"client:" + client.getClientId());
	}

	private static List<String> sorted(Set<String> values) {
		return values.stream().sorted().toList();
	}

	private Set<String> catalogue() {
		return Set.copyOf(this.scopes.findAllNames());
	}

	/**
	 * Whoever changes, deletes or re-keys a client must hold every admin scope that
	 * client holds; otherwise {@code admin:clients} alone would be a way to obtain any
	 * admin scope (take over the bootstrap client's secret, say).
	 */
	private static void requireCallerCovers(Client client, Set<String> callerScopes) {
		for (String scope : client.getScopes()) {
			if (AdminScopes.ALL.contains(scope) && !callerScopes.contains(scope)) {
				throw new ForbiddenProblem("Client '" + client.getClientId() + "' holds the admin scope '" + scope
						+ "', which the caller does not hold");
			}
		}
	}

	private static void replace(Set<String> current, Set<String> target) {
		current.retainAll(target);
		current.addAll(target);
	}

	/** A new client and the secret issued with it (null for key-based clients). */
	public record Registered(Client client, IssuedSecret secret) {
	}

	/**
	 * A changed client and the secret the change issued, if it turned secret
	 * authentication on.
	 */
	public record Updated(Client client, IssuedSecret secret) {
	}

}
