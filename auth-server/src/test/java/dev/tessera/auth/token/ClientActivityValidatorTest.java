package dev.tessera.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokensNotBefore;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token is active only while its client exists, is enabled and has not changed since.
 * No server.
 */
class ClientActivityValidatorTest {

	static final Instant CHANGE = Instant.parse("2026-01-01T09:59:00Z");

	@Test
	void anExistingEnabledUnchangedClientPasses() {
		assertThat(validate(Optional.of(client(true, null)), null).hasErrors()).isFalse();
	}

	@Test
	void aMissingClientIsNamed() {
		assertThat(reason(Optional.empty(), null)).isEqualTo("The token's client no longer exists");
	}

	@Test
	void aDisabledClientIsNamed() {
		assertThat(reason(Optional.of(client(false, null)), null)).isEqualTo("The token's client is disabled");
	}

	@Test
	void aTokenFromASnapshotBeforeTheLastSecurityChangeIsInactive() {
		ClientRecord changed = client(true, CHANGE);
		long before = TokensNotBefore.claim(client(true, CHANGE.minusSeconds(1)).registeredClient());
		assertThat(reason(Optional.of(changed), before)).contains("issued before the client's last security change");
		long same = TokensNotBefore.claim(changed.registeredClient());
		assertThat(validate(Optional.of(changed), same).hasErrors()).isFalse();
	}

	static String reason(Optional<ClientRecord> client, Long tnb) {
		var result = validate(client, tnb);
		assertThat(result.hasErrors()).isTrue();
		return result.getErrors().iterator().next().getDescription();
	}

	static org.springframework.security.oauth2.core.OAuth2TokenValidatorResult validate(Optional<ClientRecord> client,
			Long tnb) {
		var token = AccessTokenValidatorsTest.token();
		if (tnb != null) {
			token.claim(TokensNotBefore.CLAIM, tnb);
		}
		return new ClientActivityValidator(client).validate(token.build());
	}

	static ClientRecord client(boolean enabled, Instant tokensNotBefore) {
		ClientSettings.Builder settings = ClientSettings.builder();
		if (tokensNotBefore != null) {
			settings.setting(TesseraClientSettings.TOKENS_NOT_BEFORE, tokensNotBefore);
		}
		RegisteredClient client = RegisteredClient.withId("id-1")
			.clientId("c1")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(settings.build())
			.build();
		return new ClientRecord(client, enabled, List.of(), null, null);
	}

}
