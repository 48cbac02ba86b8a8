package dev.tessera.auth.client.assertion;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.egress.JwksFetcher;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2 and §3), replacing
 * Spring's {@code JwtClientAssertionAuthenticationProvider}, which reads keys through
 * an unbounded fetch, follows no egress rules, accepts HMAC-signed assertions and keeps
 * no record of used ones. Here the assertion must be signed with an asymmetric algorithm
 * (RS, PS or ES; never HS or {@code none}) by a key the client registered, inline or at
 * its {@code jwksUri} (fetched by {@link JwksFetcher}, refetched once when a {@code kid}
 * is unknown); and its claims must pass {@link ClientAssertionClaims}. Every failure is
 * {@code invalid_client}. As Spring's provider does, it answers with the verified
 * assertion as the credentials (a {@link Jwt}) and records no use: the
 * {@code jti} is made single-use where the request is answered
 * ({@link AssertionReplayGuard}).
 *
 * <p>Handles tokens whose method is {@code private_key_jwt} or, as Spring's
 * {@code JwtClientAssertionAuthenticationConverter} and
 * {@link ClientAssertionAuthenticationConverter} produce them, the assertion type
 * {@code urn:ietf:params:oauth:client-assertion-type:jwt-bearer}; principal is the
 * {@code client_id}, credentials the assertion.
 */
public final class PrivateKeyJwtAuthenticationProvider implements AuthenticationProvider {

	/** The method value Spring's converter gives a client-assertion request. */
	static final ClientAuthenticationMethod JWT_BEARER_ASSERTION = new ClientAuthenticationMethod(
			"urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

	/** Asymmetric signatures only: no HMAC (a shared secret), no {@code none}. */
	public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	/** {@code typ} may be absent, {@code JWT}, or the draft's explicit client-assertion type. */
	private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
			JOSEObjectType.JWT, null, new JOSEObjectType("client-authentication+jwt"));

	private static final MappedJwtClaimSetConverter CLAIMS = MappedJwtClaimSetConverter
		.withDefaults(Collections.emptyMap());

	private final ClientDirectory directory;

	private final JwksFetcher fetcher;

	private final Clock clock;

	private final ClientAssertionClaims claimRules;

	/** Parsed inline key sets, keyed by the registered JSON itself, so a change is picked up. */
	private final Cache<String, JWKSet> inlineKeySets = Caffeine.newBuilder().maximumSize(10_000).build();

	/**
	 * @param issuer this server's issuer identifier: the assertion's {@code aud}
	 * @param maxLifetime how far ahead of now an assertion's {@code exp} may be
	 * @param acceptTokenEndpointAudience whether the token endpoint URL is accepted as
	 * {@code aud} too (for old clients; off by default)
	 */
	public PrivateKeyJwtAuthenticationProvider(ClientDirectory directory, JwksFetcher fetcher,
			String issuer, Clock clock, Duration maxLifetime,
			boolean acceptTokenEndpointAudience) {
		this.directory = directory;
		this.fetcher = fetcher;
		this.clock = clock;
		this.claimRules = new ClientAssertionClaims(issuer, maxLifetime, acceptTokenEndpointAudience);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = request.getClientAuthenticationMethod();
		if (!ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) && !JWT_BEARER_ASSERTION.equals(method)) {
			return null;
		}
		String clientId = String.valueOf(request.getPrincipal());
		ClientRecord client = this.directory.findByClientId(clientId)
			.orElseThrow(() -> InvalidClientAssertion.because("unknown client"));
		if (!client.enabled()) {
			throw InvalidClientAssertion.because("client is disabled");
		}
		if (!client.registeredClient().getClientAuthenticationMethods()
			.contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			throw InvalidClientAssertion.because("client is not registered for private_key_jwt");
		}
		Object credentials = request.getCredentials();
		if (credentials == null) {
			throw InvalidClientAssertion.because("client_assertion is missing");
		}
		SignedJWT assertion = parse(credentials.toString());
		JWTClaimsSet claims = readClaims(assertion);
		this.claimRules.check(claims, assertion.getPayload().toJSONObject().get("aud"), clientId,
				this.clock.instant());
		if (!ALLOWED_ALGORITHMS.contains(assertion.getHeader().getAlgorithm())) {
			throw InvalidClientAssertion.because("signature algorithm not allowed");
		}
		verifySignature(assertion, keysOf(client));
		return new OAuth2ClientAuthenticationToken(client.registeredClient(), ClientAuthenticationMethod.PRIVATE_KEY_JWT,
				verified(assertion, claims));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** The verified assertion as Spring's {@code JwtDecoder}s give it: claims converted as they convert them. */
	private static Jwt verified(SignedJWT assertion, JWTClaimsSet claims) {
		Map<String, Object> headers = assertion.getHeader().toJSONObject();
		Map<String, Object> converted = CLAIMS.convert(claims.getClaims());
		return Jwt.withTokenValue(assertion.serialize())
			.headers(h -> h.putAll(headers))
			.claims(c -> c.putAll(converted))
			.build();
	}

	/** Signed JWTs only: an unsigned ({@code alg: none}) or encrypted one fails here. */
	private static SignedJWT parse(String assertion) {
		try {
			return SignedJWT.parse(assertion);
		}
		catch (ParseException ex) {
			throw InvalidClientAssertion.because("client_assertion is not a signed JWT");
		}
	}

	private static JWTClaimsSet readClaims(SignedJWT assertion) {
		try {
			return assertion.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw InvalidClientAssertion.because("client_assertion claims are not valid JSON");
		}
	}

	private JWKSource<SecurityContext> keysOf(ClientRecord client) {
		if (client.jwks() != null && !client.jwks().isBlank()) {
			return new ImmutableJWKSet<>(inlineKeySet(client.jwks()));
		}
		if (client.jwksUri() != null && !client.jwksUri().isBlank()) {
			URI uri = URI.create(client.jwksUri().trim());
			return (selector, context) -> {
				List<JWK> matches = selector.select(this.fetcher.get(uri));
				return matches.isEmpty() ? selector.select(this.fetcher.refresh(uri)) : matches;
			};
		}
		throw InvalidClientAssertion.because("client has no registered keys (jwks or jwksUri)");
	}

	private JWKSet inlineKeySet(String json) {
		JWKSet keys;
		try {
			keys = this.inlineKeySets.get(json, PrivateKeyJwtAuthenticationProvider::parseKeySet);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidClientAssertion.because(ex.getMessage());
		}
		return keys;
	}

	private static JWKSet parseKeySet(String json) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("the client's registered jwks is not a valid JWK set");
		}
		if (keys.getKeys().stream().anyMatch(JWK::isPrivate)) {
			throw new IllegalArgumentException("the client's registered jwks holds a private or symmetric key");
		}
		return keys;
	}

	private static void verifySignature(SignedJWT assertion, JWKSource<SecurityContext> keys) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(TYPES);
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
		processor.setJWTClaimsSetVerifier(null); // claims are checked by ClientAssertionClaims, on our clock
		try {
			processor.process(assertion, null);
		}
		catch (EgressException ex) {
			throw InvalidClientAssertion.because("cannot read the client's jwksUri: " + ex.getMessage());
		}
		catch (BadJWSException ex) {
			throw InvalidClientAssertion.because("signature invalid");
		}
		catch (BadJOSEException ex) {
			throw InvalidClientAssertion.because("no registered key matches the assertion (kid, alg), or typ refused");
		}
		catch (JOSEException ex) {
			throw InvalidClientAssertion.because("signature could not be verified");
		}
	}

}
