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

	static ClientDraft person(Set<String> redirectUris, PersonFlowSettings flow) {
		return new ClientDraft("c1", "name", Set.of("authorization_code", "refresh_token"), Set.of("none"),
				Set.of("a:read"), Set.of(), Set.of(), redirectUris, null, null, null, null, null, false, flow);
	}

	@Test
	void forPersonFlowsOnlyWithdrawingFirstPartyIsOne() {
		PersonFlowSettings thirdParty = new PersonFlowSettings(false,
				Set.of("https://app.example/bye", "https://app.example/bye2"), 3600, 7200);
		ClientDraft before = person(Set.of("https://app.example/cb", "https://app.example/cb2"), thirdParty);
		ClientDraft narrowed = person(Set.of("https://app.example/cb"),
				new PersonFlowSettings(false, Set.of("https://app.example/bye"), 60, 60));
		assertThat(SecurityChange.between(before, true, narrowed, true))
			.as("fewer redirect or post-logout URIs, shorter refresh lifetimes")
			.isEmpty();
		ClientDraft firstParty = person(before.redirectUris(),
				new PersonFlowSettings(true, thirdParty.postLogoutRedirectUris(), 3600, 7200));
		assertThat(SecurityChange.between(before, true, firstParty, true)).as("made first-party").isEmpty();
		assertThat(SecurityChange.between(firstParty, true, before, true)).containsExactly("firstPartyRevoked");
		ClientDraft noRefresh = new ClientDraft("c1", "name", Set.of("authorization_code"), Set.of("none"),
				Set.of("a:read"), Set.of(), Set.of(), before.redirectUris(), null, null, null, null, null, false,
				thirdParty);
		assertThat(SecurityChange.between(before, true, noRefresh, true)).containsExactly("grantTypesRemoved");
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
		assertThat(
				SecurityChange.between(BASE, true, draft(Set.of("private_key_jwt"), BASE.scopes(), JWKS, null), true))
			.containsExactly("authMethodsRemoved", "secretMethods", "keys");
	}

	@Test
	void removingAnyAuthenticationMethodIsOne() {
		ClientDraft both = draft(Set.of("client_secret_basic", "private_key_jwt"), BASE.scopes(), JWKS, null);
		assertThat(SecurityChange.between(both, true, draft(Set.of("client_secret_basic"), BASE.scopes(), JWKS, null),
				true))
			.as("private_key_jwt removed, keys kept")
			.containsExactly("authMethodsRemoved");
		assertThat(SecurityChange.between(draft(Set.of("client_secret_basic"), BASE.scopes(), JWKS, null), true, both,
				true))
			.as("a method added")
			.isEmpty();
	}

	@Test
	void removingAnAudienceIsOne() {
		ClientDraft two = with(BASE, Set.of("client_credentials"), Set.of("https://a.example", "https://b.example"),
				null, false);
		ClientDraft one = with(BASE, Set.of("client_credentials"), Set.of("https://a.example"), null, false);
		assertThat(SecurityChange.between(two, true, one, true)).containsExactly("audiencesRemoved");
		assertThat(SecurityChange.between(one, true, two, true)).as("an audience added").isEmpty();
	}

	@Test
	void removingAGrantTypeIsOne() {
		ClientDraft two = with(BASE, Set.of("client_credentials", "authorization_code"), Set.of(), null, false);
		ClientDraft one = with(BASE, Set.of("client_credentials"), Set.of(), null, false);
		assertThat(SecurityChange.between(two, true, one, true)).containsExactly("grantTypesRemoved");
		assertThat(SecurityChange.between(one, true, two, true)).as("a grant type added").isEmpty();
	}

	@Test
	void changingTheCertificateBindingIsOne() {
		ClientDraft bound = with(BASE, BASE.grantTypes(), Set.of(), "CN=orders,O=Example", true);
		assertThat(SecurityChange.between(bound, true,
				with(BASE, BASE.grantTypes(), Set.of(), "CN=other,O=Example", true), true))
			.as("another subject DN")
			.containsExactly("certificateBinding");
		assertThat(SecurityChange.between(bound, true,
				with(BASE, BASE.grantTypes(), Set.of(), "CN=orders,O=Example", false), true))
			.as("tokens no longer bound")
			.containsExactly("certificateBinding");
		assertThat(SecurityChange.between(BASE, true, with(BASE, BASE.grantTypes(), Set.of(), null, true), true))
			.as("tokens now bound")
			.containsExactly("certificateBinding");
		assertThat(SecurityChange.between(bound, true, bound, true)).isEmpty();
	}

	@Test
	void changingTheRegisteredSanIsOne() {
		ClientDraft dns = withIdentity(TlsClientIdentity.of(TlsClientIdentity.Kind.DNS, "orders.example"));
		assertThat(SecurityChange.between(dns, true,
				withIdentity(TlsClientIdentity.of(TlsClientIdentity.Kind.DNS, "other.example")), true))
			.as("another DNS name")
			.containsExactly("certificateBinding");
		assertThat(SecurityChange.between(dns, true,
				withIdentity(TlsClientIdentity.of(TlsClientIdentity.Kind.URI, "spiffe://example/orders")), true))
			.as("a URI instead")
			.containsExactly("certificateBinding");
		for (TlsClientIdentity.Kind kind : TlsClientIdentity.Kind.values()) {
			ClientDraft one = withIdentity(TlsClientIdentity.of(kind, "a"));
			assertThat(SecurityChange.between(one, true, withIdentity(TlsClientIdentity.of(kind, "b")), true))
				.as(kind.field())
				.containsExactly("certificateBinding");
			assertThat(SecurityChange.between(one, true, one, true)).isEmpty();
		}
	}

	static ClientDraft withIdentity(TlsClientIdentity identity) {
		return new ClientDraft("c1", "name", Set.of("client_credentials"), Set.of("tls_client_auth"), Set.of("a:read"),
				Set.of(), Set.of(), Set.of(), null, null, null, null, identity, false);
	}

	static ClientDraft with(ClientDraft base, Set<String> grantTypes, Set<String> audiences, String tlsSubjectDn,
			boolean certificateBoundTokens) {
		return new ClientDraft(base.clientId(), base.name(), grantTypes, base.authMethods(), base.scopes(),
				base.defaultScopes(), audiences, base.redirectUris(), base.accessTokenTtlSeconds(),
				base.secretTtlSeconds(), base.jwks(), base.jwksUri(),
				TlsClientIdentity.of(TlsClientIdentity.Kind.SUBJECT_DN, tlsSubjectDn), certificateBoundTokens);
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
