package dev.tessera.auth.admin.api;

import java.time.Instant;

import dev.tessera.auth.scope.Scope;

/** A catalogue entry as the admin API shows it. */
public record ScopeResponse(String name, String description, Instant createdAt) {

	static ScopeResponse of(Scope scope) {
		return new ScopeResponse(scope.getName(), scope.getDescription(), scope.getCreatedAt());
	}

}
