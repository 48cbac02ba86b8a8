package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.egress.JwksFetcher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Wires {@code private_key_jwt}: the cluster-wide replay guard, and the decoder factory
 * and converter that the protocol filter chain plugs into Spring's client-assertion
 * authentication, as one {@link ClientAssertionAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
public class PrivateKeyJwtConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PrivateKeyJwtConfiguration.class);

	/** How far ahead of now a client assertion's {@code exp} may be. */
	static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

	@Bean
	AssertionReplayGuard assertionReplayGuard(JdbcTemplate jdbc, UsedAssertionRepository repository, Clock clock) {
		return new AssertionReplayGuard(jdbc, repository, clock);
	}

	@Bean
	ClientAssertionAuthentication clientAssertionAuthentication(ClientDirectory directory, JwksFetcher fetcher,
			TesseraProperties properties, AuthorizationServerSettings endpoints, Clock clock) {
		String tokenEndpoint = null;
		if (properties.clientAssertions().acceptTokenEndpointAudience()) {
			log.warn("Client assertions may name the token endpoint as their aud "
					+ "(tessera.client-assertions.accept-token-endpoint-audience): this keeps old clients working but "
					+ "reopens audience injection; move them to the issuer identifier and turn it off");
			String issuer = properties.issuer();
			tokenEndpoint = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
					+ endpoints.getTokenEndpoint();
		}
		ClientAssertionClaims claims = new ClientAssertionClaims(properties.issuer(), tokenEndpoint,
				MAX_ASSERTION_LIFETIME, clock);
		return new ClientAssertionAuthentication(
				new ClientAssertionDecoderFactory(directory, fetcher::jwkSource, claims),
				new ClientAssertionAuthenticationConverter());
	}

}
