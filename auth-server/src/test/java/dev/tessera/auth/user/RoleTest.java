package dev.tessera.auth.user;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.scope.AdminScopes;

import static org.assertj.core.api.Assertions.assertThat;

/** The role to admin-scope mapping the token rules and the admin API share. */
class RoleTest {

	@Test
	void eachRoleAllowsExactlyItsScopes() {
		assertThat(Role.ADMIN.allowedAdminScopes()).containsExactlyInAnyOrder("admin:clients", "admin:keys",
				"admin:users", "admin:read", "audit:read");
		assertThat(Role.ADMIN.allowedAdminScopes()).isEqualTo(AdminScopes.ALL);
		assertThat(Role.AUDITOR.allowedAdminScopes()).containsExactlyInAnyOrder("admin:read", "audit:read");
		assertThat(Role.USER.allowedAdminScopes()).isEmpty();
	}

	@Test
	void rolesAreRankedAdminAuditorUser() {
		assertThat(Role.values()).containsExactly(Role.ADMIN, Role.AUDITOR, Role.USER);
		assertThat(Role.ADMIN.allowedAdminScopes()).containsAll(Role.AUDITOR.allowedAdminScopes());
		assertThat(Role.AUDITOR.allowedAdminScopes()).containsAll(Role.USER.allowedAdminScopes());
	}

	@Test
	void namesAllowTheUnionOfTheirRolesScopesAndUnknownNamesNothing() {
		assertThat(Role.allowedAdminScopes(List.of("USER", "AUDITOR"))).containsExactlyInAnyOrder("admin:read",
				"audit:read");
		assertThat(Role.allowedAdminScopes(List.of("ADMIN", "USER"))).isEqualTo(AdminScopes.ALL);
		assertThat(Role.allowedAdminScopes(List.of("USER"))).isEmpty();
		assertThat(Role.allowedAdminScopes(List.of())).isEmpty();
		assertThat(Role.allowedAdminScopes(List.of("admin", "ROOT", ""))).isEmpty();
		assertThat(Role.named("AUDITOR")).contains(Role.AUDITOR);
		assertThat(Role.named("auditor")).isEmpty();
		assertThat(Role.named(null)).isEmpty();
	}

	@Test
	void aCallerCoversARoleOnlyWithEveryScopeItAllows() {
		assertThat(Role.USER.isCoveredBy(Set.of())).isTrue();
		assertThat(Role.AUDITOR.isCoveredBy(Set.of("admin:users"))).isFalse();
		assertThat(Role.AUDITOR.isCoveredBy(Set.of("admin:users", "admin:read"))).isFalse();
		assertThat(Role.AUDITOR.isCoveredBy(Set.of("admin:users", "admin:read", "audit:read"))).isTrue();
		assertThat(Role.ADMIN.isCoveredBy(Set.of("admin:users", "admin:read", "audit:read", "admin:clients")))
			.isFalse();
		assertThat(Role.ADMIN.isCoveredBy(AdminScopes.ALL)).isTrue();
	}

}
