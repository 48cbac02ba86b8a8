package dev.tessera.auth.user;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.problem.ConflictProblem;
import dev.tessera.auth.problem.NotFoundProblem;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The admin plane's use cases for people. Each change checks {@link UserRules} (400),
 * then, under a database lock that serialises changes to people across nodes, that the
 * person exists (404), that the caller's token covers every role involved (403), and that
 * an enabled {@code ADMIN} remains (409); it stores the change in one transaction with
 * its audit event ({@code user.create}, {@code user.update}, {@code user.delete}, the
 * caller as principal, never a password or hash), and once it has committed announces a
 * change to a password, the roles or the enabled flag, or a deletion, as
 * {@link UserSecurityChanged}. Passwords are hashed before the lock is taken, so the slow
 * hash never holds up another change.
 */
public class UserAdministration {

	private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

	private final AppUserRepository users;

	private final UserRules rules;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	public UserAdministration(AppUserRepository users, UserRules rules, PasswordEncoder passwords, Clock clock,
			AuditTrail audit, ApplicationEventPublisher events) {
		this.users = users;
		this.rules = rules;
		this.passwords = passwords;
		this.clock = clock;
		this.audit = audit;
		this.events = events;
	}

	@Transactional
	public AppUser create(UserDraft draft, Set<String> callerScopes) {
		Set<Role> roles = this.rules.checkNew(draft);
		UserRules.requireCallerCovers(roles, callerScopes, "give the role");
		String hash = this.passwords.encode(draft.password());
		this.users.lockUsersForChange();
		if (this.users.existsByUsernameIgnoreCase(draft.username())) {
			throw new ConflictProblem("The username '" + draft.username() + "' is taken (usernames differing only "
					+ "in case are the same name)");
		}
		AppUser user = new AppUser(draft.username(), hash, names(roles), now());
		user.setEnabled(!Boolean.FALSE.equals(draft.enabled()));
		this.users.saveAndFlush(user);
		audited("user.create", user, detail(user));
		return user;
	}

	/** Every person, by username. */
	@Transactional(readOnly = true)
	public List<AppUser> list() {
		return this.users.findAll(Sort.by("username"));
	}

	/**
	 * The person with this username (exactly, case included).
	 * @throws NotFoundProblem if there is none
	 */
	@Transactional(readOnly = true)
	public AppUser get(String username) {
		return this.users.findById(username).orElseThrow(() -> notFound(username));
	}

	@Transactional
	public AppUser update(String username, UserPatch patch, Set<String> callerScopes) {
		Set<Role> newRoles = this.rules.checkPatch(username, patch);
		String newHash = (patch.password() != null) ? this.passwords.encode(patch.password().get()) : null;
		this.users.lockUsersForChange();
		AppUser user = get(username);
		Set<Role> oldRoles = roles(user);
		UserRules.requireCallerCovers(oldRoles, callerScopes, "change a user holding the role");
		if (newRoles != null) {
			UserRules.requireCallerCovers(newRoles, callerScopes, "give the role");
		}
		boolean enabled = (patch.enabled() != null) ? patch.enabled().get() : user.isEnabled();
		Set<Role> roles = (newRoles != null) ? newRoles : oldRoles;
		if (isEnabledAdmin(user.isEnabled(), oldRoles) && !isEnabledAdmin(enabled, roles)) {
			requireAnotherAdmin(user, enabled ? "remove the role ADMIN from" : "disable");
		}
		boolean securityChanged = newHash != null || enabled != user.isEnabled() || !roles.equals(oldRoles);
		if (newHash != null) {
			user.setPasswordHash(newHash);
		}
		user.setEnabled(enabled);
		user.setRoles(names(roles));
		user.touch(now());
		this.users.saveAndFlush(user);
		Map<String, Object> detail = detail(user);
		detail.put("changed", patch.changedFields());
		audited("user.update", user, detail);
		if (securityChanged) {
			securityChanged(user.getUsername());
		}
		return user;
	}

	@Transactional
	public void delete(String username, Set<String> callerScopes) {
		this.users.lockUsersForChange();
		AppUser user = get(username);
		Set<Role> roles = roles(user);
		UserRules.requireCallerCovers(roles, callerScopes, "delete a user holding the role");
		if (isEnabledAdmin(user.isEnabled(), roles)) {
			requireAnotherAdmin(user, "delete");
		}
		this.users.delete(user);
		this.users.flush();
		audited("user.delete", user, detail(user));
		securityChanged(user.getUsername());
	}

	/** In the database's precision, so what a change answers equals what a read shows. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private void requireAnotherAdmin(AppUser user, String action) {
		if (this.users.countOtherEnabledAdmins(user.getUsername()) == 0) {
			throw new ConflictProblem("'" + user.getUsername() + "' is the last enabled ADMIN: cannot " + action
					+ " it until another enabled user holds the role ADMIN");
		}
	}

	private static boolean isEnabledAdmin(boolean enabled, Set<Role> roles) {
		return enabled && roles.contains(Role.ADMIN);
	}

	/**
	 * Announces the change once it has committed (right away outside a transaction); a
	 * listener's failure is logged, as the change stands.
	 */
	private void securityChanged(String username) {
		UserSecurityChanged event = new UserSecurityChanged(username);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			publish(event);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				publish(event);
			}
		});
	}

	private void publish(UserSecurityChanged event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			log.error("A listener failed on the security change of user '{}'", AuditText.safe(event.username()), ex);
		}
	}

	/**
	 * The change's audit event, durable before the transaction commits: if the audit
	 * store cannot take it, the change is rolled back.
	 */
	private void audited(String operation, AppUser user, Map<String, Object> detail) {
		this.audit.recordAndWait(operation, AuditOutcome.SUCCESS, AuditTrail.currentActor(), detail,
				"user:" + user.getUsername());
	}

	/** What every event names: the person, roles and enabled flag; never the password. */
	private static Map<String, Object> detail(AppUser user) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("username", AuditText.safe(user.getUsername()));
		detail.put("roles", roles(user).stream().map(Role::name).toList());
		detail.put("enabled", user.isEnabled());
		return detail;
	}

	/** The person's roles, highest first; stored names that are no role are left out. */
	static Set<Role> roles(AppUser user) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		user.getRoles().forEach(name -> Role.named(name).ifPresent(roles::add));
		return roles;
	}

	private static Set<String> names(Set<Role> roles) {
		return roles.stream().sorted().map(Role::name).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static NotFoundProblem notFound(String username) {
		String shown = (username.length() > UserRules.MAX_USERNAME_LENGTH)
				? username.substring(0, UserRules.MAX_USERNAME_LENGTH) + "..." : username;
		return new NotFoundProblem("No user '" + shown + "'");
	}

}
