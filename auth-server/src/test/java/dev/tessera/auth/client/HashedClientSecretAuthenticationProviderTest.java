package dev.tessera.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.MutableClock;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client secret authentication as a rule over a client's stored hashes and the time: no
 * database, no Spring context, a clock the test moves.
 */
class HashedClientSecretAuthenticationProviderTest {

	static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	static final String SECRET = "the-current-secret-0123456789abcdefghijklmno";

	static final String OLD_SECRET = "the-previous-secret-0123456789abcdefghijklmn";

	final ClientSecretHasher hasher = new ClientSecretHasher(new byte[32]);

	final MutableClock clock = MutableClock.stoppedAt(NOW);

	final Map<String, ClientRecord> clients = new HashMap<>();

	final ClientDirectory directory = new ClientDirectory(null, null, null, Duration.ofMinutes(1)) {
		@Override
		public Optional<ClientRecord> findByClientId(String clientId) {
			return Optional.ofNullable(HashedClientSecretAuthenticationProviderTest.this.clients.get(clientId));
		}
	};

	final HashedClientSecretAuthenticationProvider provider = new HashedClientSecretAuthenticationProvider(
			this.directory, this.hasher, this.clock);

	@Test
	void theRightSecretAuthenticatesTheRegisteredClient() {
		RegisteredClient registered = register("orders", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofDays(90))));

		OAuth2ClientAuthenticationToken result = (OAuth2ClientAuthenticationToken) this.provider
			.authenticate(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getRegisteredClient()).isSameAs(registered);
		assertThat(result.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(result.getCredentials()).as("the secret is not kept on the authenticated token").isNull();
	}

	@Test
	void aWrongSecretAnUnknownClientAndADisabledClientAreAllInvalidClient() {
		register("orders", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofDays(1))));
		register("disabled", false, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofDays(1))));

		assertInvalidClient(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET + "x"));
		assertInvalidClient(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ""));
		assertInvalidClient(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null));
		assertInvalidClient(request("nobody", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));
		assertInvalidClient(request("disabled", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));
	}

	@Test
	void aSecretWorksUntilTheInstantItExpiresAndNotFromThen() {
		register("orders", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofMinutes(1))));

		this.clock.advance(Duration.ofMinutes(1).minusMillis(1));
		assertThat(
				this.provider.authenticate(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET)))
			.isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertInvalidClient(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));
	}

	@Test
	void duringARotationsGracePeriodBothSecretsWorkThenOnlyTheNewOne() {
		register("orders", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(OLD_SECRET, NOW.plus(Duration.ofSeconds(30))), secret(SECRET, NOW.plus(Duration.ofDays(90))));

		assertThat(this.provider
			.authenticate(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, OLD_SECRET))).isNotNull();
		assertThat(
				this.provider.authenticate(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET)))
			.isNotNull();

		this.clock.advance(Duration.ofSeconds(30));
		assertInvalidClient(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, OLD_SECRET));
		assertThat(
				this.provider.authenticate(request("orders", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET)))
			.isNotNull();
	}

	@Test
	void aMethodTheClientDidNotRegisterIsRefusedEvenWithTheRightSecret() {
		register("basic-only", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofDays(1))));
		register("post-only", true, ClientAuthenticationMethod.CLIENT_SECRET_POST,
				secret(SECRET, NOW.plus(Duration.ofDays(1))));

		assertInvalidClient(request("basic-only", ClientAuthenticationMethod.CLIENT_SECRET_POST, SECRET));
		assertInvalidClient(request("post-only", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));
		assertThat(
				this.provider.authenticate(request("post-only", ClientAuthenticationMethod.CLIENT_SECRET_POST, SECRET)))
			.isNotNull();
	}

	@Test
	void otherAuthenticationMethodsAreLeftToTheirOwnProviders() {
		register("orders", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				secret(SECRET, NOW.plus(Duration.ofDays(1))));

		assertThat(this.provider.authenticate(request("orders", ClientAuthenticationMethod.PRIVATE_KEY_JWT, SECRET)))
			.isNull();
		assertThat(this.provider.authenticate(request("orders", ClientAuthenticationMethod.NONE, null))).isNull();
		assertThat(this.provider.supports(OAuth2ClientAuthenticationToken.class)).isTrue();
		assertThat(this.provider
			.supports(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.class)).isFalse();
	}

	@Test
	void theStoredHashIsComparedNotTheSecretItself() {
		// a client whose stored "hash" is the secret's bytes in clear must not accept the
		// secret
		register("clear", true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, new ClientRecord.StoredSecret(
				SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), NOW.plus(Duration.ofDays(1))));
		assertInvalidClient(request("clear", ClientAuthenticationMethod.CLIENT_SECRET_BASIC, SECRET));
	}

	private void assertInvalidClient(OAuth2ClientAuthenticationToken request) {
		assertThatThrownBy(() -> this.provider.authenticate(request)).isInstanceOf(OAuth2AuthenticationException.class)
			.satisfies(ex -> assertThat(((OAuth2AuthenticationException) ex).getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	private ClientRecord.StoredSecret secret(String secret, Instant expiresAt) {
		return new ClientRecord.StoredSecret(this.hasher.hash(secret), expiresAt);
	}

	private RegisteredClient register(String clientId, boolean enabled, ClientAuthenticationMethod method,
			ClientRecord.StoredSecret... secrets) {
		RegisteredClient registered = RegisteredClient.withId("id-" + clientId)
			.clientId(clientId)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		this.clients.put(clientId, new ClientRecord(registered, enabled, List.of(secrets), null, null));
		return registered;
	}

	private static OAuth2ClientAuthenticationToken request(String clientId, ClientAuthenticationMethod method,
			String secret) {
		return new OAuth2ClientAuthenticationToken(clientId, method, secret, null);
	}

}
