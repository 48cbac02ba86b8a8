package dev.tessera.auth.grant.authorizationcode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.grant.authorizationcode.PersonScopeNarrowing.NarrowedAuthorizationRequest;
import dev.tessera.auth.scope.AdminScopes;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The narrowing of a signed-in person's admin scopes to their roles, as a plain rule:
 * only admin scopes the client holds and the roles do not allow are taken out; requests
 * before sign-in, of a disabled person or for an unknown client pass unchanged for the
 * later checks to refuse.
 */
class PersonScopeNarrowingTest {

	static final Authentication ALICE = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			AuthorityUtils.NO_AUTHORITIES);

	static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("k", "anonymous",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	static final RegisteredClient CONSOLE = RegisteredClient.withId("1")
		.clientId("console")
		.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("http://127.0.0.1/callback")
		.scope("openid")
		.scopes(scopes -> scopes.addAll(Set.of("admin:read", "audit:read", "admin:clients", "admin:keys")))
		.build();

	MockHttpServletRequest http = new MockHttpServletRequest();

	@Test
	void theAdminScopesTheRolesDoNotAllowAreTakenOutAndRemembered() {
		Authentication narrowed = convert(ALICE, Set.of("AUDITOR"), "openid admin:read audit:read admin:clients");

		assertThat(narrowed).isInstanceOf(NarrowedAuthorizationRequest.class);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = (OAuth2AuthorizationCodeRequestAuthenticationToken) narrowed;
		assertThat(request.getScopes()).containsExactlyInAnyOrder("openid", "admin:read", "audit:read");
		assertThat(request.getState()).isEqualTo("xyz");
		assertThat(request.getRedirectUri()).isEqualTo("http://127.0.0.1/callback");
		assertThat(request.getAdditionalParameters()).containsEntry("code_challenge", "c");
		assertThat(((NarrowedAuthorizationRequest) narrowed).withheld()).containsExactly("admin:clients");
		assertThat(PersonScopeNarrowing.withheld(this.http)).isEqualTo("admin:clients");
	}

	@Test
	void nothingChangesWhenTheRolesAllowEverythingAskedFor() {
		Authentication admin = convert(ALICE, Set.of("ADMIN"), "openid admin:read admin:clients");
		Authentication user = convert(ALICE, Set.of("USER"), "openid orders:read");

		assertThat(admin).isNotInstanceOf(NarrowedAuthorizationRequest.class);
		assertThat(user).isNotInstanceOf(NarrowedAuthorizationRequest.class);
		assertThat(PersonScopeNarrowing.withheld(this.http)).isNull();
	}

	@Test
	void requestsBeforeSignInOfADisabledPersonOrForAnUnknownClientPassUnchanged() {
		assertThat(convert(ANONYMOUS, Set.of("USER"), "admin:read"))
			.isNotInstanceOf(NarrowedAuthorizationRequest.class);
		assertThat(convert(ALICE, null, "admin:read")).isNotInstanceOf(NarrowedAuthorizationRequest.class);
		assertThat(convert(ALICE, Set.of("USER"), "admin:read", "unknown"))
			.isNotInstanceOf(NarrowedAuthorizationRequest.class);
	}

	@Test
	void anAdminScopeTheClientDoesNotHoldIsLeftForSpringsCheckToRefuse() {
		assertThat(PersonScopeNarrowing.beyondRoles(Set.of("admin:users", "admin:read", "openid"), CONSOLE.getScopes(),
				List.of("USER")))
			.containsExactly("admin:read");
		assertThat(PersonScopeNarrowing.beyondRoles(AdminScopes.ALL, AdminScopes.ALL, List.of("AUDITOR")))
			.containsExactly("admin:clients", "admin:keys", "admin:users");
		assertThat(PersonScopeNarrowing.beyondRoles(AdminScopes.ALL, AdminScopes.ALL, List.of("AUDITOR", "ADMIN")))
			.isEmpty();
	}

	@Test
	void aRequestLeftWithNothingIsNarrowedToNothingForTheValidatorToRefuse() {
		Authentication narrowed = convert(ALICE, Set.of("USER"), "admin:read admin:clients");

		assertThat(((OAuth2AuthorizationCodeRequestAuthenticationToken) narrowed).getScopes()).isEmpty();
		assertThat(((NarrowedAuthorizationRequest) narrowed).withheld()).containsExactly("admin:clients", "admin:read");
	}

	private Authentication convert(Authentication person, Set<String> roles, String scope) {
		return convert(person, roles, scope, CONSOLE.getClientId());
	}

	private Authentication convert(Authentication person, Set<String> roles, String scope, String clientId) {
		AuthenticationConverter spring = request -> new OAuth2AuthorizationCodeRequestAuthenticationToken(
				"http://localhost/oauth2/authorize", clientId, person, "http://127.0.0.1/callback", "xyz",
				Set.of(scope.split(" ")), Map.of("code_challenge", "c"));
		PersonScopeNarrowing narrowing = new PersonScopeNarrowing(
				username -> "alice".equals(username) ? Optional.ofNullable(roles) : Optional.empty(),
				new InMemoryRegisteredClientRepository(CONSOLE));
		return narrowing.wrap(spring).convert(this.http);
	}

}
