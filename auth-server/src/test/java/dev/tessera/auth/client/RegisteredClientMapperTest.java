package dev.tessera.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

import static org.assertj.core.api.Assertions.assertThat;

class RegisteredClientMapperTest {

	final RegisteredClientMapper mapper = new RegisteredClientMapper(
			new TesseraProperties.Tokens(Duration.ofMinutes(5), Duration.ofHours(1)));

	@Test
	void lifetimeIsTheDefaultTheClientsOwnOrTheCap() {
		Client client = new Client("c1", "C1", Instant.now());
		assertThat(this.mapper.accessTokenTtl(client)).isEqualTo(Duration.ofMinutes(5));
		client.setAccessTokenTtlSeconds(120);
		assertThat(this.mapper.accessTokenTtl(client)).isEqualTo(Duration.ofSeconds(120));
		client.setAccessTokenTtlSeconds(7200);
		assertThat(this.mapper.accessTokenTtl(client)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void mapsTesseraRulesOntoSpringsModel() {
		Client client = new Client("c1", "C1", Instant.now());
		client.getGrantTypes().add("client_credentials");
		client.getAuthMethods().add("client_secret_basic");
		client.getScopes().add("orders:read");
		client.getDefaultScopes().add("orders:read");
		client.getAudiences().add("https://api.example");
		RegisteredClient registered = this.mapper.toRegisteredClient(client);
		assertThat(registered.getId()).isEqualTo(client.getId().toString());
		assertThat(registered.getClientSecret()).as("secrets stay in their own table").isNull();
		assertThat(registered.getTokenSettings().getAccessTokenFormat()).isEqualTo(OAuth2TokenFormat.SELF_CONTAINED);
		assertThat(registered.getTokenSettings().isReuseRefreshTokens()).isFalse();
		assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(TesseraClientSettings.defaultScopes(registered)).containsExactly("orders:read");
		assertThat(TesseraClientSettings.audiences(registered)).containsExactly("https://api.example");
	}

	@Test
	void aMutualTlsClientCarriesItsIdentityAndItsTokenBinding() {
		Client client = new Client("c1", "C1", Instant.now());
		client.getGrantTypes().add("client_credentials");
		client.getAuthMethods().add("tls_client_auth");
		client.setTlsIdentity(TlsClientIdentity.of(TlsClientIdentity.Kind.URI, "spiffe://partner.example/orders"));
		client.setCertificateBoundTokens(true);
		RegisteredClient registered = this.mapper.toRegisteredClient(client);
		assertThat(registered.getClientAuthenticationMethods())
			.containsExactly(ClientAuthenticationMethod.TLS_CLIENT_AUTH);
		assertThat(registered.getTokenSettings().isX509CertificateBoundAccessTokens()).isTrue();
		assertThat(TesseraClientSettings.tlsIdentity(registered))
			.isEqualTo(TlsClientIdentity.of(TlsClientIdentity.Kind.URI, "spiffe://partner.example/orders"));

		client.setTlsIdentity(TlsClientIdentity.of(TlsClientIdentity.Kind.SUBJECT_DN, "CN=orders,O=Acme"));
		client.setCertificateBoundTokens(false);
		registered = this.mapper.toRegisteredClient(client);
		assertThat(registered.getClientSettings().getX509CertificateSubjectDN()).isEqualTo("CN=orders,O=Acme");
		assertThat(registered.getTokenSettings().isX509CertificateBoundAccessTokens()).isFalse();

		Client plain = new Client("c2", "C2", Instant.now());
		plain.getGrantTypes().add("client_credentials");
		assertThat(TesseraClientSettings.tlsIdentity(this.mapper.toRegisteredClient(plain)))
			.isEqualTo(TlsClientIdentity.NONE);
	}

	@Test
	void aThirdPartyClientAsksForConsentAndAFirstPartyOneDoesNot() {
		Client client = personClient();
		RegisteredClient thirdParty = this.mapper.toRegisteredClient(client);
		assertThat(thirdParty.getClientSettings().isRequireAuthorizationConsent()).isTrue();
		assertThat(thirdParty.getClientSettings().isRequireProofKey()).isTrue();
		client.setFirstParty(true);
		RegisteredClient firstParty = this.mapper.toRegisteredClient(client);
		assertThat(firstParty.getClientSettings().isRequireAuthorizationConsent()).isFalse();
		assertThat(firstParty.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(firstParty.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
		assertThat(firstParty.getAuthorizationGrantTypes())
			.containsExactlyInAnyOrder(AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
	}

	@Test
	void refreshLifetimesAreTheServersDefaultsOrTheClientsOwn() {
		Client client = personClient();
		RegisteredClient defaults = this.mapper.toRegisteredClient(client);
		assertThat(defaults.getTokenSettings().getAuthorizationCodeTimeToLive()).isEqualTo(Duration.ofSeconds(60));
		assertThat(defaults.getTokenSettings().isReuseRefreshTokens()).isFalse();
		assertThat(defaults.getTokenSettings().getRefreshTokenTimeToLive()).isEqualTo(Duration.ofDays(7));
		assertThat(TesseraClientSettings.refreshTokenIdle(defaults)).isEqualTo(Duration.ofDays(7));
		assertThat(TesseraClientSettings.refreshTokenAbsolute(defaults)).isEqualTo(Duration.ofDays(30));
		client.setRefreshTokenIdleSeconds(3600);
		client.setRefreshTokenAbsoluteSeconds(86400);
		RegisteredClient own = this.mapper.toRegisteredClient(client);
		assertThat(own.getTokenSettings().getRefreshTokenTimeToLive()).isEqualTo(Duration.ofHours(1));
		assertThat(TesseraClientSettings.refreshTokenIdle(own)).isEqualTo(Duration.ofHours(1));
		assertThat(TesseraClientSettings.refreshTokenAbsolute(own)).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void redirectAndPostLogoutRedirectUrisAreCarriedOver() {
		Client client = personClient();
		client.getPostLogoutRedirectUris().add("https://app.example/signed-out");
		RegisteredClient registered = this.mapper.toRegisteredClient(client);
		assertThat(registered.getRedirectUris()).containsExactly("http://127.0.0.1/callback");
		assertThat(registered.getPostLogoutRedirectUris()).containsExactly("https://app.example/signed-out");
	}

	@Test
	void aClientBuiltOutsideTheMapperGetsTheDefaultRefreshLifetimes() {
		RegisteredClient bare = RegisteredClient.withId("x")
			.clientId("x")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		assertThat(TesseraClientSettings.refreshTokenIdle(bare)).isEqualTo(Duration.ofDays(7));
		assertThat(TesseraClientSettings.refreshTokenAbsolute(bare)).isEqualTo(Duration.ofDays(30));
	}

	private static Client personClient() {
		Client client = new Client("cli", "CLI", Instant.now());
		client.getGrantTypes().addAll(Set.of("authorization_code", "refresh_token"));
		client.getAuthMethods().add("none");
		client.getScopes().add("orders:read");
		client.getRedirectUris().add("http://127.0.0.1/callback");
		return client;
	}

}
