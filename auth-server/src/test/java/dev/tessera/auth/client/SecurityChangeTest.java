package dev.tessera.auth.client;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityChangeTest {

	static final String JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
			+ "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}";

	static ClientDraft draft(Set<String> methods, Set<String> scopes, String jwks, String jwksUri) {
		return new ClientDraft("c1", "name", Set.of("client_credentials"), methods, scopes, Set.of(), Set.of(),
				Set.of(), null, null, jwks, jwksUri, null, false);
	}

	static final ClientDraft BASE = draft(Set.of("client_secret_basic"), Set.of("a:read", "a:write"), null, null);

	@Test
	void harmlessChangesAreNotSecurityChanges() {
		ClientDraft renamed = new ClientDraft("c1", "other name", BASE.grantTypes(), BASE.authMethods(),
				Set.of("a:read", "a:write", "b:read"), Set.of("a:read"), Set.of("https://x.example"), Set.of(), 60,
				3600, null, null, null, false);
		assertThat(SecurityChange.between(BASE, true, renamed, true)).isEmpty();
		assertThat(SecurityChange.between(BASE, false, BASE, true)).as("re-enabling").isEmpty();
	}

	@Test
	void disablingIsOne() {
		assertThat(SecurityChange.between(BASE, true, BASE, false)).containsExactly("disabled");
	}

	@Test
	void removingAScopeIsOne() {
		assertThat(SecurityChange.between(BASE, true, draft(BASE.authMethods(), Set.of("a:read"), null, null), true))
			.containsExactly("scopesRemoved");
	}

	@Test
	void changingTheSecretMethodsIsOne() {
		assertThat(SecurityChange.between(BASE, true,
				draft(Set.of("client_secret_basic", "client_secret_post"), BASE.scopes(), null, null), true))
			.containsExactly("secretMethods");
		assertThat(SecurityChange.between(BASE, true, draft(Set.of("private_key_jwt"), BASE.scopes(), JWKS, null), true))
			.containsExactly("secretMethods", "keys");
	}

	@Test
	void changingTheKeysIsOne() {
		ClientDraft keyed = draft(Set.of("private_key_jwt"), BASE.scopes(), JWKS, null);
		assertThat(SecurityChange.between(keyed, true,
				draft(Set.of("private_key_jwt"), BASE.scopes(), null, "https://keys.example/jwks"), true))
			.containsExactly("keys");
		assertThat(SecurityChange.between(keyed, true, keyed, true)).isEmpty();
	}

}
