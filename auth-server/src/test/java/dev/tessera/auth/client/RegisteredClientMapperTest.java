package dev.tessera.auth.client;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
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

}
