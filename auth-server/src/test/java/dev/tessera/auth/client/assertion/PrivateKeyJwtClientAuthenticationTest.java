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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.client.TesseraRegisteredClientRepository;
import dev.tessera.auth.egress.EgressException;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Spring's {@link JwtClientAssertionAuthenticationProvider} as Tessera configures it (its
 * decoder from {@link ClientAssertionDecoderFactory}), rule by rule on a fixed clock:
 * each refusal for the reason it names, the clock-skew boundaries, keys from a
 * {@code jwksUri} source, and the verified assertion handed on as the credentials.
 */
class PrivateKeyJwtClientAuthenticationTest {

	static final String ISSUER = "https://auth.example.test";

	static final String CLIENT_ID = "pkjwt-client";

	static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

	/** Spring's own refusals (before any Tessera part runs) point at RFC 6749. */
	static final String SPRING_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1";

	static RSAKey key;

	ClientDirectory directory = mock(ClientDirectory.class);

	/** What the jwksUri source answers, per call. */
	Map<URI, JWKSource<SecurityContext>> remoteKeys = new HashMap<>();

	JwtClientAssertionAuthenticationProvider provider;

	@BeforeAll
	static void generateKey() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
	}

	@BeforeEach
	void setUp() {
		this.provider = provider(false);
		registerInline(true, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
	}

	JwtClientAssertionAuthenticationProvider provider(boolean acceptTokenEndpointAudience) {
		JwtClientAssertionAuthenticationProvider provider = new JwtClientAssertionAuthenticationProvider(
				new TesseraRegisteredClientRepository(this.directory), mock(OAuth2AuthorizationService.class));
		ClientAssertionClaims claims = new ClientAssertionClaims(ISSUER,
				acceptTokenEndpointAudience ? ISSUER + "/oauth2/token" : null, Duration.ofMinutes(5),
				Clock.fixed(NOW, ZoneOffset.UTC));
		provider.setJwtDecoderFactory(new ClientAssertionDecoderFactory(this.directory, this.remoteKeys::get, claims));
		return provider;
	}

	@Test
	void aValidAssertionAuthenticatesTheClientAndIsHandedOnToBeRememberedUntilExpPlusTwiceTheSkew() {
		Authentication result = this.provider.authenticate(request(assertion(claims -> {
		})));
		assertThat(result).isInstanceOf(OAuth2ClientAuthenticationToken.class);
		OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) result;
		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getRegisteredClient().getClientId()).isEqualTo(CLIENT_ID);
		assertThat(token.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertThat(token.getCredentials()).isInstanceOfSatisfying(Jwt.class, jwt -> {
			assertThat(jwt.getId()).isEqualTo("jti-1");
			assertThat(ClientAssertionClaims.rememberUntil(jwt.getExpiresAt())).isEqualTo(NOW.plusSeconds(60 + 2 * 60));
		});
	}

	/**
	 * Whether an assertion was used before is decided on the token response path, which
	 * records it with the request's audit event; authentication itself records nothing.
	 */
	@Test
	void authenticationLeavesTheSingleUseCheckToTheResponsePath() {
		String assertion = assertion(claims -> {
		});
		assertThat(this.provider.authenticate(request(assertion)).isAuthenticated()).isTrue();
		assertThat(this.provider.authenticate(request(assertion)).isAuthenticated()).isTrue();
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
		assertRefused(claims -> claims.issueTime(at(30)).expirationTime(at(30)), "iat must be before exp");
		assertRefused(claims -> claims.jwtID(null), "jti is required");
		assertRefused(claims -> claims.jwtID("x".repeat(201)), "jti is longer");
	}

	@Test
	void clockSkewOfUpToSixtySecondsIsTolerated() {
		// issued before it expires: Spring cannot represent an assertion whose iat is not
		// before its exp
		assertAccepted(claims -> claims.issueTime(at(-120)).expirationTime(at(-59)));
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

	/**
	 * Spring's provider asks first; a disabled client does not exist for the token plane.
	 */
	@Test
	void clientRulesComeFirst() {
		given(this.directory.findByClientId(CLIENT_ID)).willReturn(Optional.empty());
		assertRefusedBySpring(request(assertion(claims -> {
		})), "client_id");
		registerInline(false, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertRefusedBySpring(request(assertion(claims -> {
		})), "client_id");
		registerInline(true, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertRefusedBySpring(request(assertion(claims -> {
		})), "authentication_method");
	}

	@Test
	void aBadSignatureIsRefused() throws Exception {
		RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
		assertRefusedWith(request(sign(other, JWSAlgorithm.RS256, claims(claims -> {
		}))), "signature invalid");
	}

	@Test
	void jwksUriKeysComeFromTheUrlsKeySource() {
		URI uri = URI.create("https://keys.example.test/jwks");
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(), null,
				uri.toString()));
		AtomicInteger asked = new AtomicInteger();
		this.remoteKeys.put(uri, (selector, context) -> {
			asked.incrementAndGet();
			return selector.select(new JWKSet(key.toPublicJWK()));
		});
		assertThat(this.provider.authenticate(request(assertion(claims -> {
		}))).isAuthenticated()).isTrue();
		assertThat(asked).hasValue(1);
	}

	@Test
	void aFailingJwksUriIsInvalidClient() {
		URI uri = URI.create("https://keys.example.test/jwks");
		register(new ClientRecord(registeredClient(ClientAuthenticationMethod.PRIVATE_KEY_JWT), true, List.of(), null,
				uri.toString()));
		this.remoteKeys.put(uri, (selector, context) -> {
			EgressException failure = new EgressException("The JWKS URL answered HTTP 500");
			throw new KeySourceException(failure.getMessage(), failure);
		});
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

	/** As {@code RegisteredClientMapper} makes them. */
	static RegisteredClient registeredClient(ClientAuthenticationMethod method) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(CLIENT_ID)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(ClientSettings.builder()
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
				.build())
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
				assertThat(oauth.getError().getUri())
					.isEqualTo("https://datatracker.ietf.org/doc/html/rfc7523#section-3");
			});
	}

	void assertRefusedBySpring(OAuth2ClientAuthenticationToken request, String parameter) {
		assertThatThrownBy(() -> this.provider.authenticate(request)).isInstanceOf(OAuth2AuthenticationException.class)
			.satisfies(ex -> {
				OAuth2AuthenticationException oauth = (OAuth2AuthenticationException) ex;
				assertThat(oauth.getError().getErrorCode()).isEqualTo("invalid_client");
				assertThat(oauth.getError().getDescription()).isEqualTo("Client authentication failed: " + parameter);
				assertThat(oauth.getError().getUri()).isEqualTo(SPRING_ERROR_URI);
			});
	}

	static OAuth2ClientAuthenticationToken request(String assertion) {
		return new OAuth2ClientAuthenticationToken(CLIENT_ID,
				ClientAssertionAuthenticationConverter.JWT_BEARER_ASSERTION, assertion, null);
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
