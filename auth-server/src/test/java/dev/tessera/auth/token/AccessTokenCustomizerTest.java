package dev.tessera.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokensNotBefore;
import dev.tessera.auth.grant.clientcredentials.TokenRequestAudienceValidator;
import dev.tessera.auth.key.KeySnapshot;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token names the client snapshot its scopes came from, not the time it was signed: a
 * request that read the client before a security change and signs after it yields a token
 * that is inactive, however late its {@code iat}. No server.
 */
class AccessTokenCustomizerTest {

	static final String ISSUER = "https://auth.example";

	static final Instant REGISTERED = Instant.parse("2026-01-01T10:00:00.123456Z");

	static final Instant CHANGE = Instant.parse("2026-01-01T10:00:00.500001Z");

	final AccessTokenCustomizer customizer = new AccessTokenCustomizer(keys(), new AudienceResolver(ISSUER));

	@Test
	void aTokenSignedAfterAChangeFromTheSnapshotBeforeItIsInactive() {
		RegisteredClient before = client(REGISTERED, Set.of("orders:read", "orders:write"));
		RegisteredClient after = client(CHANGE, Set.of("orders:read"));
		Instant signedLater = CHANGE.plusSeconds(2);

		JwtClaimsSet stale = customize(before, Set.of("orders:write"), signedLater);
		assertThat(stale.getIssuedAt()).as("Spring's iat, untouched").isEqualTo(signedLater);
		assertThat((Object) stale.getClaim(TokensNotBefore.CLAIM)).isEqualTo(TokensNotBefore.claim(before));
		assertThat(TokensNotBefore.predates(stale.getClaim(TokensNotBefore.CLAIM), stale.getIssuedAt(), after))
			.as("checked against the client after the change")
			.isTrue();

		JwtClaimsSet fresh = customize(after, Set.of("orders:read"), signedLater);
		assertThat(TokensNotBefore.predates(fresh.getClaim(TokensNotBefore.CLAIM), fresh.getIssuedAt(), after))
			.isFalse();
		assertThat(TokensNotBefore.predates(fresh.getClaim(TokensNotBefore.CLAIM), fresh.getIssuedAt(), before))
			.as("a checker whose cached copy is older still takes it")
			.isFalse();
	}

	@Test
	void theClaimIsTheSnapshotsValueInMicroseconds() {
		JwtClaimsSet claims = customize(client(CHANGE, Set.of("orders:read")), Set.of("orders:read"), CHANGE);
		assertThat((Object) claims.getClaim(TokensNotBefore.CLAIM)).isEqualTo(1767261600500001L);
	}

	@Test
	void theAudienceTheRequestsValidatorDecidedIsTakenAsItIs() {
		RegisteredClient client = client(CHANGE, Set.of("orders:read"));
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(client,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
		OAuth2ClientCredentialsAuthenticationToken request = new OAuth2ClientCredentialsAuthenticationToken(principal,
				Set.of("orders:read"), Map.of());
		new TokenRequestAudienceValidator(new AudienceResolver(ISSUER))
			.accept(OAuth2ClientCredentialsAuthenticationContext.with(request).registeredClient(client).build());
		assertThat(request.getDetails()).isEqualTo(new AudienceResolver.Resolved(List.of("https://orders.example")));

		request.setDetails(new AudienceResolver.Resolved(List.of("https://decided.example")));
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder().issuer(ISSUER).subject("orders").id("j1");
		this.customizer.customize(JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.ES256), claims)
			.registeredClient(client)
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizedScopes(Set.of("orders:read"))
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrant(request)
			.build());
		assertThat(claims.build().getAudience()).as("not resolved a second time")
			.containsExactly("https://decided.example");
	}

	JwtClaimsSet customize(RegisteredClient client, Set<String> scopes, Instant issuedAt) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(client.getClientId())
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(300))
			.id("j1");
		JwtEncodingContext context = JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.ES256), claims)
			.registeredClient(client)
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizedScopes(scopes)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		this.customizer.customize(context);
		return claims.build();
	}

	static RegisteredClient client(Instant tokensNotBefore, Set<String> scopes) {
		return RegisteredClient.withId("00000000-0000-0000-0000-000000000001")
			.clientId("orders")
			.clientIdIssuedAt(REGISTERED)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(values -> values.addAll(scopes))
			.clientSettings(ClientSettings.builder()
				.setting(TesseraClientSettings.AUDIENCES, List.of("https://orders.example"))
				.setting(TesseraClientSettings.TOKENS_NOT_BEFORE, tokensNotBefore)
				.build())
			.build();
	}

	static SigningKeys keys() {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").algorithm(JWSAlgorithm.ES256).generate();
			KeySnapshot snapshot = new KeySnapshot(key, REGISTERED, List.of(key.toPublicJWK()), new byte[0], "e",
					new JWKSet(key));
			return new SigningKeys(null, null) {
				@Override
				public KeySnapshot current() {
					return snapshot;
				}
			};
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
