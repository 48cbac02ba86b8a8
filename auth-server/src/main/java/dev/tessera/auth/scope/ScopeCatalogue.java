package dev.tessera.auth.scope;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.problem.ConflictProblem;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.problem.NotFoundProblem;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scope catalogue's rules: RFC 6749 names, no duplicates, the reserved admin scopes
 * fixed, and no deleting a scope a client still holds or a trusted issuer allows.
 */
@Service
public class ScopeCatalogue {

	private final ScopeRepository scopes;

	private final Clock clock;

	private final AuditTrail audit;

	public ScopeCatalogue(ScopeRepository scopes, Clock clock, AuditTrail audit) {
		this.scopes = scopes;
		this.clock = clock;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<Scope> list() {
		return this.scopes.findAll(Sort.by("name"));
	}

	@Transactional
	public Scope create(String name, String description) {
		if (!ScopeSyntax.isValid(name)) {
			throw new InvalidInputProblem(List.of(new FieldProblem("name",
					"must be 1-200 printable ASCII characters without spaces, '\"' or '\\' (RFC 6749 §3.3)")));
		}
		checkDescription(description);
		if (this.scopes.existsById(name)) {
			throw new ConflictProblem("The scope '" + name + "' already exists");
		}
		Scope scope = this.scopes.save(new Scope(name, (description != null) ? description : "", this.clock.instant()));
		this.audit.recordAndWait("scope.create", AuditOutcome.SUCCESS, AuditTrail.currentActor(), Map.of(),
				"scope:" + name);
		return scope;
	}

	/**
	 * Changes a scope's description (its name is its identity: clients and trusted
	 * issuers refer to it, so it never changes). Reserved admin scopes keep their
	 * descriptions.
	 */
	@Transactional
	public Scope describe(String name, String description) {
		Scope scope = this.scopes.findById(name).orElseThrow(() -> new NotFoundProblem("No scope '" + name + "'"));
		if (AdminScopes.ALL.contains(name)) {
			throw new ConflictProblem("'" + name + "' is a reserved admin scope");
		}
		checkDescription(description);
		scope.describe((description != null) ? description : "");
		this.audit.recordAndWait("scope.update", AuditOutcome.SUCCESS, AuditTrail.currentActor(), Map.of(),
				"scope:" + name);
		return scope;
	}

	private static void checkDescription(String description) {
		if (description != null && (description.length() > 1000
				|| description.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
			throw new InvalidInputProblem("description",
					"must be at most 1000 characters, without control characters other than newline and tab");
		}
	}

	@Transactional
	public void delete(String name) {
		Scope scope = this.scopes.findById(name).orElseThrow(() -> new NotFoundProblem("No scope '" + name + "'"));
		if (AdminScopes.ALL.contains(name)) {
			throw new ConflictProblem("'" + name + "' is a reserved admin scope");
		}
		long users = this.scopes.countClientsUsing(name);
		if (users > 0) {
			throw new ConflictProblem("The scope '" + name + "' is held by " + users + " client(s)");
		}
		long partners = this.scopes.countTrustedIssuersUsing(name);
		if (partners > 0) {
			throw new ConflictProblem("The scope '" + name + "' is allowed by " + partners + " trusted issuer(s)");
		}
		this.scopes.delete(scope);
		this.audit.recordAndWait("scope.delete", AuditOutcome.SUCCESS, AuditTrail.currentActor(), Map.of(),
				"scope:" + name);
	}

}
