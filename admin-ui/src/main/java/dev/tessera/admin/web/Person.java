package dev.tessera.admin.web;

import java.util.Set;
import java.util.TreeSet;

import dev.tessera.admin.signin.ConsoleClientRegistrations;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in person as pages see them: their name and the admin scopes their token
 * carries. Pages show a control only when {@link #can} allows it; the admin API checks
 * the same token again, so hiding is a courtesy, not the protection.
 *
 * @param username the person's username (the ID token's {@code sub})
 * @param scopes the admin scopes granted to the console for this person
 */
public record Person(String username, Set<String> scopes) {

	private static final String SCOPE_PREFIX = "SCOPE_";

	public Person {
		scopes = Set.copyOf(scopes);
	}

	/**
	 * The person behind an authentication, with the admin scopes among its authorities.
	 */
	public static Person of(Authentication authentication) {
		Set<String> scopes = new TreeSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(SCOPE_PREFIX)
					&& ConsoleClientRegistrations.ADMIN_SCOPES.contains(name.substring(SCOPE_PREFIX.length()))) {
				scopes.add(name.substring(SCOPE_PREFIX.length()));
			}
		}
		return new Person(authentication.getName(), scopes);
	}

	/** Whether the person's token carries the scope, such as {@code admin:clients}. */
	public boolean can(String scope) {
		return this.scopes.contains(scope);
	}

	/** Whether the person may use the console at all (holds any admin scope). */
	public boolean isAdministrator() {
		return !this.scopes.isEmpty();
	}

	/** Whether the person can only read (no scope that changes anything). */
	public boolean isReadOnly() {
		return !(can("admin:clients") || can("admin:keys") || can("admin:users"));
	}

}
