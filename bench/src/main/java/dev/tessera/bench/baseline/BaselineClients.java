package dev.tessera.bench.baseline;

import java.util.UUID;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Registers the benchmark's two clients before the web server opens its port: one with
 * {@code client_secret_basic}, its secret (from {@code BENCH_CLIENT_SECRET}) stored the
 * way Spring's default {@code DelegatingPasswordEncoder} encodes it ({@code {bcrypt}}),
 * and one with {@code private_key_jwt} whose key set is at a loopback {@code jwk-set-url}
 * served by the benchmark.
 */
final class BaselineClients implements SmartInitializingSingleton {

	private final RegisteredClientRepository clients;

	private final Environment environment;

	BaselineClients(RegisteredClientRepository clients, Environment environment) {
		this.clients = clients;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String secret = this.environment.getRequiredProperty("bench.client-secret");
		this.clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(this.environment.getRequiredProperty("bench.client-id"))
			.clientSecret(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(secret))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("bench:read")
			.build());
		this.clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(this.environment.getRequiredProperty("bench.pkjwt-client-id"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("bench:read")
			.clientSettings(ClientSettings.builder()
				.jwkSetUrl(this.environment.getRequiredProperty("bench.pkjwt-jwk-set-url"))
				.tokenEndpointAuthenticationSigningAlgorithm(
						SignatureAlgorithm.from(this.environment.getRequiredProperty("bench.pkjwt-algorithm")))
				.build())
			.build());
	}

}
