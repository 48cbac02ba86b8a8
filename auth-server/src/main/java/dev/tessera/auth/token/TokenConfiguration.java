package dev.tessera.auth.token;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.key.SigningKeys;
import dev.tessera.auth.token.quota.QuotaCheckingTokenGenerator;
import dev.tessera.auth.token.quota.QuotaRefusalAuditing;
import dev.tessera.auth.token.quota.TokenQuotaCounter;
import dev.tessera.auth.trust.TrustedIssuers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Wires token issuance (one JWT signature, after the client's token quota if it has one;
 * refresh tokens for what people authorize), the active-token check, and where
 * authorizations live: nothing for client credentials and JWT bearer, hashed rows for
 * what people authorize.
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
			Clock clock, JdbcTemplate jdbc, RegisteredClientRepository clients, PlatformTransactionManager transactions,
			TesseraProperties properties, StoredAuthorizations stored) {
		return new TesseraAuthorizationService(new StatelessAuthorizationService(tokens, revoked, clock),
				new HashedAuthorizationService(authorizationStore(jdbc, clients), stored::exists), revoked,
				new TransactionTemplate(transactions), clock, properties.tokens().maxTtl());
	}

	/**
	 * Spring's JDBC store, reading back the claim types Tessera's tokens carry (numbers
	 * such as {@code tessera_tnb}) besides those Spring's own tokens do.
	 */
	private static JdbcOAuth2AuthorizationService authorizationStore(JdbcTemplate jdbc,
			RegisteredClientRepository clients) {
		JsonMapper json = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(TokenConfiguration.class.getClassLoader(),
					BasicPolymorphicTypeValidator.builder()
						.allowIfSubType(Long.class)
						.allowIfSubType(Integer.class)
						.allowIfSubType(java.util.ArrayList.class)
						.allowIfSubType(java.util.HashMap.class)))
			.build();
		JdbcOAuth2AuthorizationService store = new JdbcOAuth2AuthorizationService(jdbc, clients);
		store.setAuthorizationRowMapper(
				new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, json));
		store.setAuthorizationParametersMapper(
				new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
		return store;
	}

	/** What people consented to third-party clients having (Spring's JDBC store). */
	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	StoredAuthorizations storedAuthorizations(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
			TesseraProperties properties) {
		TransactionTemplate separate = new TransactionTemplate(transactions);
		separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new StoredAuthorizations(jdbc, separate, clock, properties.tokens().maxTtl());
	}

	@Bean
	AudienceResolver audienceResolver(TesseraProperties properties) {
		return new AudienceResolver(properties.issuer());
	}

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, SigningKeys keys, AudienceResolver audiences,
			Clock clock, TokenQuotaCounter quotas, QuotaRefusalAuditing quotaRefusals) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setClock(clock);
		jwtGenerator.setJwtCustomizer(new AccessTokenCustomizer(keys, audiences));
		// every grant's access token passes here: the quota is checked before signing
		return new QuotaCheckingTokenGenerator(
				new DelegatingOAuth2TokenGenerator(jwtGenerator, new RefreshTokenGenerator(clock)), quotas,
				quotaRefusals, clock);
	}

}
