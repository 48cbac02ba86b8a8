package dev.tessera.auth.token;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Introspection and revocation see an authorization rebuilt from an active token, with
 * the client the active-token check looked up (once); a revoked token goes on the deny
 * list. Plain keys, a fixed clock, no server.
 */
class StatelessAuthorizationServiceTest {

	final ECKey key = ActiveAccessTokensTest.generate("k1");

	final RevokedTokenRepository revoked = mock(RevokedTokenRepository.class);

	final AtomicInteger lookups = new AtomicInteger();

	final Clock clock = Clock.fixed(ActiveAccessTokensTest.NOW, ZoneOffset.UTC);

	final StatelessAuthorizationService service = new StatelessAuthorizationService(
			new ActiveAccessTokens(new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK())),
					ActiveAccessTokensTest.ISSUER, this.clock, clientId -> {
						this.lookups.incrementAndGet();
						return Optional.of(ActiveAccessTokensTest.client(true));
					}, this.revoked::existsById, (issuer) -> Optional.empty()),
			this.revoked, this.clock);

	@Test
	void anActiveTokenIsRebuiltWithItsClientFromOneLookup() {
		String token = ActiveAccessTokensTest.token(this.key, "at+jwt", List.of("https://partner.example"),
				ActiveAccessTokensTest.NOW.plusSeconds(60));
		OAuth2Authorization authorization = this.service.findByToken(token, null);
		assertThat(authorization).isNotNull();
		assertThat(authorization.getRegisteredClientId()).isEqualTo("id-1");
		assertThat(authorization.getId()).isEqualTo("j1");
		assertThat(authorization.getAccessToken().getToken().getTokenValue()).isEqualTo(token);
		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void aTokenThatIsNotActiveIsNotFound() {
		assertThat(this.service.findByToken("not-a-jwt", null)).isNull();
		String expired = ActiveAccessTokensTest.token(this.key, "at+jwt", List.of("https://partner.example"),
				ActiveAccessTokensTest.NOW.minusSeconds(1));
		assertThat(this.service.findByToken(expired, null)).isNull();
		when(this.revoked.existsById("j1")).thenReturn(true);
		String revokedToken = ActiveAccessTokensTest.token(this.key, "at+jwt", List.of("https://partner.example"),
				ActiveAccessTokensTest.NOW.plusSeconds(60));
		assertThat(this.service.findByToken(revokedToken, null)).isNull();
	}

	@Test
	void revocationPutsTheJtiOnTheDenyListAndIssuingStoresNothing() {
		String token = ActiveAccessTokensTest.token(this.key, "at+jwt", List.of("https://partner.example"),
				ActiveAccessTokensTest.NOW.plusSeconds(60));
		OAuth2Authorization issued = this.service.findByToken(token, null);
		this.service.save(issued);
		verify(this.revoked, never()).save(any());

		OAuth2AccessToken accessToken = issued.getAccessToken().getToken();
		OAuth2Authorization invalidated = OAuth2Authorization.from(issued)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();
		this.service.save(invalidated);
		verify(this.revoked).save(any(RevokedToken.class));
	}

	/**
	 * Revocation saves a JWT-bearer authorization like a client-credentials one: its
	 * {@code jti} goes on the deny list. (That a partner token is rebuilt as the
	 * JWT-bearer grant's is shown end to end by
	 * {@code JwtBearerGrantIntegrationTest.aPartnerTokenIntrospectsAndRevokesLikeAnyOther}.)
	 */
	@Test
	void revocationOfAJwtBearerTokenPutsItsJtiOnTheDenyList() {
		String token = ActiveAccessTokensTest.token(this.key, "at+jwt", List.of("https://partner.example"),
				ActiveAccessTokensTest.NOW.plusSeconds(60));
		OAuth2Authorization issued = this.service.findByToken(token, null);
		OAuth2Authorization invalidated = OAuth2Authorization.from(issued)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.token(issued.getAccessToken().getToken(),
					metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();
		this.service.save(invalidated);
		verify(this.revoked).save(any(RevokedToken.class));
	}

}
