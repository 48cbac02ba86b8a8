package dev.tessera.auth.protocol;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see a token through introspection, as a rule over Spring's answer: no Spring
 * context, a delegate that answers what the test says (and an in-memory store for the
 * refresh tokens' families).
 */
class IntrospectionAccessPolicyTest {

	static final String TOKEN = "a.b.c";

	final AtomicReference<Authentication> answer = new AtomicReference<>();

	final AuthenticationProvider delegate = new AuthenticationProvider() {
		@Override
		public Authentication authenticate(Authentication authentication) {
			return IntrospectionAccessPolicyTest.this.answer.get();
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
		}
	};

	final InMemoryOAuth2AuthorizationService authorizations = new InMemoryOAuth2AuthorizationService();

	final IntrospectionAccessPolicy policy = new IntrospectionAccessPolicy(this.delegate, this.authorizations);

	@Test
	void aClientSeesItsOwnActiveToken() {
		OAuth2TokenIntrospectionAuthenticationToken own = answered(caller("orders"), activeTokenOf("orders"));
		Authentication result = this.policy.authenticate(request(caller("orders")));
		assertThat(result).isSameAs(own);
		assertThat(claims(result).isActive()).isTrue();
		assertThat(claims(result).getClientId()).isEqualTo("orders");
	}

	@Test
	void anotherClientsActiveTokenIsJustInactive() {
		OAuth2ClientAuthenticationToken stranger = caller("billing");
		answered(stranger, activeTokenOf("orders"));
		Authentication result = this.policy.authenticate(request(stranger));
		assertThat(claims(result).isActive()).isFalse();
		assertThat(claims(result).getClaims()).as("nothing of the token is told").containsOnlyKeys("active");
		assertThat(result.getPrincipal()).isSameAs(stranger);
		assertThat(((OAuth2TokenIntrospectionAuthenticationToken) result).getToken()).isEqualTo(TOKEN);
		assertThat(result.isAuthenticated()).as("the caller itself did authenticate").isTrue();
	}

	@Test
	void aClientRegisteredWithAdminClientsSeesAnyToken() {
		OAuth2ClientAuthenticationToken admin = caller("console", "admin:clients");
		OAuth2TokenIntrospectionAuthenticationToken answeredForAdmin = answered(admin, activeTokenOf("orders"));
		assertThat(this.policy.authenticate(request(admin))).isSameAs(answeredForAdmin);
	}

	@Test
	void otherAdminScopesDoNotOpenForeignTokens() {
		OAuth2ClientAuthenticationToken reader = caller("reader", "admin:read", "audit:read", "admin:keys");
		answered(reader, activeTokenOf("orders"));
		assertThat(claims(this.policy.authenticate(request(reader))).isActive()).isFalse();
	}

	@Test
	void anInactiveAnswerIsPassedOnAsItIs() {
		OAuth2ClientAuthenticationToken stranger = caller("billing");
		OAuth2TokenIntrospectionAuthenticationToken inactive = new OAuth2TokenIntrospectionAuthenticationToken(TOKEN,
				stranger, OAuth2TokenIntrospection.builder().build());
		this.answer.set(inactive);
		assertThat(this.policy.authenticate(request(stranger))).isSameAs(inactive);
	}

	@Test
	void whatTheDelegateDoesNotAnswerStaysUnanswered() {
		this.answer.set(null);
		assertThat(this.policy.authenticate(request(caller("orders")))).isNull();
		assertThat(this.policy.supports(OAuth2TokenIntrospectionAuthenticationToken.class)).isTrue();
		assertThat(this.policy.supports(UsernamePasswordAuthenticationToken.class)).isFalse();
	}

	private OAuth2TokenIntrospectionAuthenticationToken answered(OAuth2ClientAuthenticationToken caller,
			OAuth2TokenIntrospection claims) {
		OAuth2TokenIntrospectionAuthenticationToken result = new OAuth2TokenIntrospectionAuthenticationToken(TOKEN,
				caller, claims);
		this.answer.set(result);
		return result;
	}

	private static OAuth2TokenIntrospectionAuthenticationToken request(OAuth2ClientAuthenticationToken caller) {
		return new OAuth2TokenIntrospectionAuthenticationToken(TOKEN, caller, null, null);
	}

	private static OAuth2TokenIntrospection activeTokenOf(String clientId) {
		return OAuth2TokenIntrospection.builder(true)
			.clientId(clientId)
			.subject(clientId)
			.scope("orders:read")
			.audience("https://api.example.test")
			.tokenType("Bearer")
			.build();
	}

	/** Spring's answer about a refresh token: no token type, scope or subject. */
	private static OAuth2TokenIntrospection activeRefreshTokenOf(String clientId) {
		return OAuth2TokenIntrospection.builder(true).clientId(clientId).build();
	}

	private void storeFamily(String clientId, String refreshToken) {
		OAuth2ClientAuthenticationToken owner = caller(clientId);
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(owner.getRegisteredClient())
			.id("family-1")
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(java.util.Set.of("openid", "orders:read"))
			.refreshToken(new OAuth2RefreshToken(refreshToken, java.time.Instant.now(),
					java.time.Instant.now().plusSeconds(600)))
			.build());
	}

	@Test
	void aClientSeesItsOwnRefreshTokenWithThePersonAndScopes() {
		storeFamily("cli", TOKEN);
		answered(caller("cli"), activeRefreshTokenOf("cli"));
		OAuth2TokenIntrospection claims = claims(this.policy.authenticate(request(caller("cli"))));
		assertThat(claims.isActive()).isTrue();
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getScopes()).containsExactlyInAnyOrder("openid", "orders:read");
		assertThat(claims.getClientId()).isEqualTo("cli");
	}

	@Test
	void evenAnAdminClientLearnsNothingOfAnotherClientsRefreshToken() {
		storeFamily("cli", TOKEN);
		OAuth2ClientAuthenticationToken admin = caller("console", "admin:clients");
		answered(admin, activeRefreshTokenOf("cli"));
		OAuth2TokenIntrospection claims = claims(this.policy.authenticate(request(admin)));
		assertThat(claims.isActive()).isFalse();
		assertThat(claims.getClaims()).containsOnlyKeys("active");
	}

	private static OAuth2ClientAuthenticationToken caller(String clientId, String... scopes) {
		RegisteredClient client = RegisteredClient.withId("id-" + clientId)
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(set -> set.addAll(java.util.List.of(scopes)))
			.build();
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
	}

	private static OAuth2TokenIntrospection claims(Authentication result) {
		return ((OAuth2TokenIntrospectionAuthenticationToken) result).getTokenClaims();
	}

}
