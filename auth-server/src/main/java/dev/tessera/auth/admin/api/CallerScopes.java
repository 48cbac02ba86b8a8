package dev.tessera.auth.admin.api;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scopes the caller's own token carries (from Spring's {@code SCOPE_} authorities).
 */
final class CallerScopes {

	private CallerScopes() {
	}

	static Set<String> of(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(authority -> authority.startsWith("SCOPE_"))
			.map(authority -> authority.substring("SCOPE_".length()))
			.collect(Collectors.toUnmodifiableSet());
	}

}
