package dev.tessera.auth.token;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/** Wires token issuance (one JWT signature, nothing stored) and token verification. */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

	@Bean
	TokenVerifier tokenVerifier(JWKSource<SecurityContext> jwkSource, TesseraProperties properties, Clock clock) {
		return new TokenVerifier(jwkSource, properties.issuer(), clock);
	}

	@Bean
	TokenActivity tokenActivity(RevokedTokenRepository revoked, ClientDirectory clients) {
		return new TokenActivity(revoked, clients);
	}

	/** Accepts only this server's current access tokens (OIDC UserInfo and the admin API). */
	@Bean
	JwtDecoder jwtDecoder(TokenVerifier verifier) {
		return verifier.asDecoder();
	}

	@Bean
	OAuth2AuthorizationService authorizationService(TokenVerifier verifier, RevokedTokenRepository revoked,
			ClientDirectory clients, TokenActivity activity, Clock clock) {
		return new StatelessAuthorizationService(verifier, revoked, clients, activity, clock);
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
