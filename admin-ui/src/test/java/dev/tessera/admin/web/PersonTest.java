package dev.tessera.admin.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pages know of the signed-in person: only the admin scopes of their token.
 */
class PersonTest {

	@Test
	void anAuditorReadsOnly() {
		Person auditor = Person.of(new TestingAuthenticationToken("alice", null, List.of(authority("SCOPE_openid"),
				authority("SCOPE_admin:read"), authority("SCOPE_audit:read"), authority("OIDC_USER"))));

		assertThat(auditor.username()).isEqualTo("alice");
		assertThat(auditor.scopes()).containsExactlyInAnyOrder("admin:read", "audit:read");
		assertThat(auditor.isAdministrator()).isTrue();
		assertThat(auditor.isReadOnly()).isTrue();
		assertThat(auditor.can("admin:clients")).isFalse();
	}

	@Test
	void aPersonWithoutAdminScopesIsNoAdministrator() {
		Person user = Person.of(new TestingAuthenticationToken("bob", null,
				List.of(authority("SCOPE_openid"), authority("SCOPE_profile"), authority("SCOPE_admin:everything"))));

		assertThat(user.scopes()).isEmpty();
		assertThat(user.isAdministrator()).isFalse();
	}

	@Test
	void anAdminChanges() {
		Person admin = Person.of(new TestingAuthenticationToken("root", null,
				List.of(authority("SCOPE_admin:clients"), authority("SCOPE_admin:read"))));

		assertThat(admin.can("admin:clients")).isTrue();
		assertThat(admin.isReadOnly()).isFalse();
	}

	private static org.springframework.security.core.GrantedAuthority authority(String name) {
		return new org.springframework.security.core.authority.SimpleGrantedAuthority(name);
	}

}
