package dev.tessera.auth.token;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.key.SigningKeys;
import dev.tessera.auth.trust.TrustedIssuers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Wires token issuance (one JWT signature, nothing stored) and the active-token check.
 */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

	/**
	 * Whether a token is active, for introspection and revocation; also the context's
	 * {@code JwtDecoder}, which Spring's OIDC support asks for (UserInfo is not offered).
	 * The admin API takes {@link ActiveAccessTokens#addressedToIssuerAlone()}.
	 */
	@Bean
	ActiveAccessTokens activeAccessTokens(JWKSource<SecurityContext> jwkSource, TesseraProperties properties,
			Clock clock, ClientDirectory clients, RevokedTokenRepository revoked, TrustedIssuers partners) {
		return new ActiveAccessTokens(jwkSource, properties.issuer(), clock, clients::findByClientId,
				revoked::existsById, partners::findByIssuer);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(ActiveAccessTokens tokens, RevokedTokenRepository revoked,
			Clock clock) {
		return new StatelessAuthorizationService(tokens, revoked, clock);
	}

	@Bean
	AudienceResolver audienceResolver(TesseraProperties properties) {
		return new AudienceResolver(properties.issuer());
	}

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, SigningKeys keys, AudienceResolver audiences,
			Clock clock) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setClock(clock);
		jwtGenerator.setJwtCustomizer(new AccessTokenCustomizer(keys, audiences));
		return jwtGenerator;
	}

}
