package dev.tessera.auth.client.assertion;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.egress.JwksFetcher;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The provider's rules one by one, on a fixed clock: each refusal for the reason it
 * names, the clock-skew boundaries, and the jwksUri refetch on an unknown {@code kid}.
 */
class PrivateKeyJwtAuthenticationProviderTest {

	static final String ISSUER = "https://auth.example.test";

	static final String CLIENT_ID = "pkjwt-client";

	static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

	static RSAKey key;

	ClientDirectory directory = mock(ClientDirectory.class);

	JwksFetcher fetcher = mock(JwksFetcher.class);

	PrivateKeyJwtAuthenticationProvider provider;

	@BeforeAll
	static void generateKey() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
	}

	@BeforeEach
	void setUp() {
		this.provider = provider(false);
		registerInline(true, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
	}

	PrivateKeyJwtAuthenticationProvider provider(boolean acceptTokenEndpointAudience) {
		return new PrivateKeyJwtAuthenticationProvider(this.directory, this.fetcher, ISSUER,
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), acceptTokenEndpointAudience);
	}

	@Test
	void aValidAssertionAuthenticatesTheClientWithTheVerifiedAssertionAsCredentials() {
		String assertion = assertion(claims -> {
		});
		Authentication result = this.provider.authenticate(request(assertion));
		assertThat(result).isInstanceOf(OAuth2ClientAuthenticationToken.class);
		OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) result;
		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getRegisteredClient().getClientId()).isEqualTo(CLIENT_ID);
		assertThat(token.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertThat(token.getCredentials()).isInstanceOfSatisfying(Jwt.class, jwt -> {
			assertThat(jwt.getTokenValue()).isEqualTo(assertion);
			assertThat(jwt.getId()).isEqualTo("jti-1");
			assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(60));
			assertThat(jwt.getAudience()).containsExactly(ISSUER);
			assertThat(jwt.getSubject()).isEqualTo(CLIENT_ID);
			assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", "k1");
		});
		assertThat(ClientAssertionClaims.rememberUntil(((Jwt) token.getCredentials()).getExpiresAt()))
			.as("remembered until exp plus twice the skew")
			.isEqualTo(NOW.plusSeconds(60 + 2 * 60));
	}

	@Test
	void otherMethodsAreLeftToOtherProviders() {
		OAuth2ClientAuthenticationToken basic = new OAuth2ClientAuthenticationToken(CLIENT_ID,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret", null);
		assertThat(this.provider.authenticate(basic)).isNull();
	}

	@Test
	void eachClaimRuleRefusesForItsOwnReason() {
		assertRefused(claims -> claims.issuer("other"), "iss and sub");
		assertRefused(claims -> claims.subject("other"), "iss and sub");
		assertRefused(claims -> claims.audience("https://elsewhere.example"), "aud");
		assertRefused(claims -> claims.expirationTime(null), "exp is required");
		assertRefused(claims -> claims.expirationTime(at(-61)), "expired");
		assertRefused(claims -> claims.expirationTime(at(300 + 61)), "too far ahead");
		assertRefused(claims -> claims.issueTime(at(61)), "iat");
		assertRefused(claims -> claims.notBeforeTime(at(61)), "nbf");
		assertRefused(claims -> claims.expirationTime(at(0)), "exp must be after iat");
		assertRefused(claims -> claims.jwtID(null), "jti is required");
		assertRefused(claims -> claims.jwtID("x".repeat(201)), "jti is longer");
	}

	@Test
	void clockSkewOfUpToSixtySecondsIsTolerated() {
		assertAccepted(claims -> claims.issueTime(at(-119)).expirationTime(at(-59)));
		assertAccepted(claims -> claims.expirationTime(at(300 + 59)));
		assertAccepted(claims -> claims.issueTime(at(59)).notBeforeTime(at(59)));
	}

	@Test
	void theOnlyAcceptedAudienceIsTheIssuerAsASingleString() {
		assertAccepted(claims -> claims.audience(ISSUER));
		for (String audience : List.of(ISSUER + "/", ISSUER + "/oauth2/token", ISSUER + "/oauth2/introspect",
				ISSUER + "/oauth2/revoke", "https://other.example")) {
			assertRefused(claims -> claims.audience(audience), "aud must be this server's issuer identifier");
		}
		assertRefused(claims -> claims.audience(List.of("https://other.example", ISSUER)), "single string");
		assertRefused(claims -> claims.audience(List.of(ISSUER, ISSUER)), "single string");
		assertRefused(claims -> claims.audience(List.of()), "single string");
		assertRefused(claims -> claims.audience((String) null), "single string");
		assertRefusedWith(request(withRawAudience(List.of(ISSUER))), "single string");
		assertRefusedWith(request(withRawAudience(Map.of("aud", ISSUER))), "claims are not valid");
	}

	@Test
	void theLegacySettingAlsoAcceptsTheTokenEndpointButNothingElse() {
		this.provider = provider(true);
		assertAccepted(claims -> claims.audience(ISSUER));
		assertAccepted(claims -> claims.audience(ISSUER + "/oauth2/token"));
		assertThat(this.provider.authenticate(request(withRawAudience(List.of(ISSUER + "/oauth2/token"))))
			.isAuthenticated()).isTrue();
		assertThat(this.provider.authenticate(request(withRawAudience(List.of(ISSUER)))).isAuthenticated()).isTrue();
		for (String audience : List.of(ISSUER + "/", ISSUER + "/oauth2/introspect", ISSUER + "/oauth2/revoke")) {
			assertRefused(claims -> claims.audience(audience), "aud");
		}
		assertRefused(claims -> claims.audience(List.of(ISSUER + "/oauth2/token", "https://other.example")), "aud");
	}

	@Test
	void clientRulesComeFirst() {
		given(this.directory.findByClientId(CLIENT_ID)).willReturn(Optional.empty());
		assertRefusedWith(request(assertion(claims -> {
		})), "unknown client");
		registerInline(false, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertRefusedWith(request(assertion(claims -> {
		})), "disabled");
		registerInline(true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertRefusedWith(request(assertion(claims -> {
		})), "not registered for private_key_jwt");
	}

	@Test
	void aBadSignatureIsRefused() throws Exception {
		RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
		assertRefusedWith(request(sign(other, JWSAlgorithm.RS256, claims(claims -> {
		}))), "signature invalid");
	}

	@Test
	void jwksUriKeysAreRefetchedOnceWhenTheKidIsUnknown() {
		URI uri = URI.create("https://keys.example.test/jwks");
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(), null,
				uri.toString()));
		given(this.fetcher.get(uri)).willReturn(new JWKSet());
		given(this.fetcher.refresh(uri)).willReturn(new JWKSet(key.toPublicJWK()));
		assertThat(this.provider.authenticate(request(assertion(claims -> {
		}))).isAuthenticated()).isTrue();
		verify(this.fetcher, times(1)).refresh(uri);
	}

	@Test
	void aFailingJwksUriIsInvalidClient() {
		URI uri = URI.create("https://keys.example.test/jwks");
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(), null,
				uri.toString()));
		given(this.fetcher.get(uri)).willThrow(new EgressException("The JWKS URL answered HTTP 500"));
		assertRefusedWith(request(assertion(claims -> {
		})), "HTTP 500");
	}

	@Test
	void aRegisteredPrivateKeyOrNoKeysAtAllIsRefused() {
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(),
				new JWKSet(key).toString(false), null));
		assertRefusedWith(request(assertion(claims -> {
		})), "private");
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(), null,
				null));
		assertRefusedWith(request(assertion(claims -> {
		})), "no registered keys");
	}

	@Test
	void hmacAndUnsignedAssertionsAreRefused() throws Exception {
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims(c -> {
		}));
		hmac.sign(new MACSigner(new byte[32]));
		assertRefusedWith(request(hmac.serialize()), "algorithm not allowed");
		String unsigned = new PlainJWT(claims(c -> {
		})).serialize();
		assertRefusedWith(request(unsigned), "not a signed JWT");
	}

	// --- helpers

	void registerInline(boolean enabled, ClientAuthenticationMethod method) {
		register(new ClientRecord(registeredClient(method), enabled, List.of(),
				new JWKSet(key.toPublicJWK()).toString(), null));
	}

	void register(ClientRecord record) {
		given(this.directory.findByClientId(CLIENT_ID)).willReturn(Optional.of(record));
	}

	static RegisteredClient registeredClient(ClientAuthenticationMethod method) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(CLIENT_ID)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
	}

	void assertAccepted(Consumer<JWTClaimsSet.Builder> customize) {
		assertThat(this.provider.authenticate(request(assertion(customize))).isAuthenticated()).isTrue();
	}

	void assertRefused(Consumer<JWTClaimsSet.Builder> customize, String reason) {
		assertRefusedWith(request(assertion(customize)), reason);
	}

	void assertRefusedWith(OAuth2ClientAuthenticationToken request, String reason) {
		assertThatThrownBy(() -> this.provider.authenticate(request)).isInstanceOf(OAuth2AuthenticationException.class)
			.satisfies(ex -> {
				OAuth2AuthenticationException oauth = (OAuth2AuthenticationException) ex;
				assertThat(oauth.getError().getErrorCode()).isEqualTo("invalid_client");
				assertThat(oauth.getError().getDescription()).contains(reason);
				assertThat(oauth.getError().getUri()).isEqualTo("https://datatracker.ietf.org/doc/html/rfc7523#section-3");
			});
	}

	static OAuth2ClientAuthenticationToken request(String assertion) {
		return new OAuth2ClientAuthenticationToken(CLIENT_ID, PrivateKeyJwtAuthenticationProvider.JWT_BEARER_ASSERTION,
				assertion, null);
	}

	static Date at(long secondsFromNow) {
		return Date.from(NOW.plusSeconds(secondsFromNow));
	}

	static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customize) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(CLIENT_ID)
			.subject(CLIENT_ID)
			.audience(ISSUER)
			.issueTime(at(0))
			.expirationTime(at(60))
			.jwtID("jti-1");
		customize.accept(claims);
		return claims.build();
	}

	static String assertion(Consumer<JWTClaimsSet.Builder> customize) {
		return sign(key, JWSAlgorithm.RS256, claims(customize));
	}

	/**
	 * An assertion whose {@code aud} is exactly this JSON value: Nimbus writes a
	 * one-element audience list as a plain string, so the payload is built by hand.
	 */
	static String withRawAudience(Object audience) {
		Map<String, Object> payload = new HashMap<>(claims(c -> {
		}).toJSONObject());
		payload.put("aud", audience);
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new Payload(payload));
		try {
			jws.sign(new RSASSASigner(key));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	static String sign(RSAKey signingKey, JWSAlgorithm alg, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(signingKey.getKeyID()).build(), claims);
		try {
			jwt.sign(new RSASSASigner(signingKey));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
