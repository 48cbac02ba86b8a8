package dev.tessera.auth.grant.jwtbearer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.trust.TrustedIssuer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every check of a partner's assertion, one by one on a fixed clock, without a server:
 * each refusal is {@code invalid_grant} naming the check, and the audit detail it carries
 * never holds the assertion.
 */
class PartnerAssertionVerifierTest {

	static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

	static final String PARTNER = "https://idp.partner.test";

	static final String AUDIENCE = "https://auth.example.test";

	static final String TOKEN_ENDPOINT = "https://auth.example.test/oauth2/token";

	static final URI JWKS_URI = URI.create("https://idp.partner.test/jwks");

	static RSAKey rsa;

	static ECKey ec;

	static RSAKey impostor;

	final PartnerAssertionClaims claims = new PartnerAssertionClaims(Clock.fixed(NOW, ZoneOffset.UTC),
			Duration.ofSeconds(60));

	JWKSource<SecurityContext> remote = new ImmutableJWKSet<>(new JWKSet());

	@BeforeAll
	static void keys() throws Exception {
		rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // same kid,
																		// other key
	}

	static TrustedIssuer inline(JWK... keys) {
		return issuer(new JWKSet(List.of(keys)).toPublicJWKSet().toString(), null);
	}

	static TrustedIssuer issuer(String jwks, String jwksUri) {
		return new TrustedIssuer(UUID.randomUUID(), PARTNER, jwks, jwksUri, List.of(AUDIENCE, TOKEN_ENDPOINT),
				Set.of("client-a"), Set.of("orders:read"), Duration.ofSeconds(300), "acme:");
	}

	PartnerAssertionVerifier verifier(TrustedIssuer issuer) {
		return new PartnerAssertionVerifier(
				(iss) -> issuer.issuer().equals(iss) ? Optional.of(issuer) : Optional.empty(), (uri) -> this.remote,
				this.claims);
	}

	static JWTClaimsSet.Builder valid() {
		return new JWTClaimsSet.Builder().issuer(PARTNER)
			.subject("alice")
			.audience(TOKEN_ENDPOINT)
			.issueTime(Date.from(NOW))
			.expirationTime(Date.from(NOW.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString());
	}

	static String signed(JWSAlgorithm algorithm, JWSSigner signer, String kid, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	static String rs256(JWTClaimsSet claims) throws Exception {
		return signed(JWSAlgorithm.RS256, new RSASSASigner(rsa), rsa.getKeyID(), claims);
	}

	static String rs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
		JWTClaimsSet.Builder builder = valid();
		change.accept(builder);
		return rs256(builder.build());
	}

	void refused(TrustedIssuer issuer, String assertion, String reason) {
		refused(issuer, assertion, reason, false);
	}

	/** Refused for a claim, after its signature verified: a genuine assertion. */
	void refusedAfterSignature(TrustedIssuer issuer, String assertion, String reason) {
		refused(issuer, assertion, reason, true);
	}

	void refused(TrustedIssuer issuer, String assertion, String reason, boolean signatureVerified) {
		assertThatThrownBy(() -> verifier(issuer).verify(assertion, "client-a"))
			.isInstanceOfSatisfying(PartnerAssertionRefusal.class, (refusal) -> {
				assertThat(refusal.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
				assertThat(refusal.getError().getDescription()).contains(reason);
				assertThat(refusal.auditDetail().values()).noneMatch(assertion::equals);
				assertThat(refusal.auditDetail()).containsEntry("assertionVerified", signatureVerified);
			});
	}

	@Test
	void acceptsRs256AndEs256WithAudienceAsStringOrArray() throws Exception {
		PartnerAssertion verified = verifier(inline(rsa, ec)).verify(rs256(valid().build()), "client-a");
		assertThat(verified.subject()).isEqualTo("alice");
		assertThat(verified.trustedIssuer().tokenSubject(verified.subject())).isEqualTo("acme:alice");
		assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(120));
		String es256 = signed(JWSAlgorithm.ES256, new ECDSASigner(ec), ec.getKeyID(),
				valid().audience(List.of("https://elsewhere.test", AUDIENCE)).build());
		assertThat(verifier(inline(rsa, ec)).verify(es256, "client-a").subject()).isEqualTo("alice");
	}

	@Test
	void refusesUnsignedAndSymmetricAndForgedSignatures() throws Exception {
		TrustedIssuer issuer = inline(rsa);
		refused(issuer, new PlainJWT(valid().build()).serialize(), "alg none is not allowed");
		refused(issuer, new PlainJWT(valid().build()).serialize() + "c2lnbmF0dXJl", "alg none is not allowed");
		String hs256 = signed(JWSAlgorithm.HS256, new MACSigner(rsa.toPublicJWK().toRSAPublicKey().getEncoded()),
				rsa.getKeyID(), valid().build());
		refused(issuer, hs256, "alg HS256 is not allowed");
		String forged = signed(JWSAlgorithm.RS256, new RSASSASigner(impostor), impostor.getKeyID(), valid().build());
		refused(issuer, forged, "signature does not verify");
		refused(issuer, "a.b", "not a signed JWT");
		refused(issuer, "e30.e30.c2ln", "not a signed JWT");
	}

	@Test
	void keyOwnAlgorithmMustMatchTheHeader() throws Exception {
		RSAKey rs512Only = new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS512).build();
		refused(inline(rs512Only), rs256(valid().build()), "no key of the trusted issuer matches");
		RSAKey rs256Only = new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS256).build();
		assertThat(verifier(inline(rs256Only)).verify(rs256(valid().build()), "client-a").subject()).isEqualTo("alice");
	}

	@Test
	void refusesUnknownIssuerAndUnknownKey() throws Exception {
		refused(inline(rsa), rs256((claims) -> claims.issuer("https://other.test")),
				"iss is not a registered trusted issuer");
		refused(inline(rsa), rs256((claims) -> claims.issuer(null)), "iss is required");
		refused(inline(ec), rs256(valid().build()), "no key of the trusted issuer matches");
	}

	@Test
	void refusesEachBrokenClaimRule() throws Exception {
		TrustedIssuer issuer = inline(rsa);
		refusedAfterSignature(issuer, rs256((claims) -> claims.audience("https://elsewhere.test")), "aud");
		refusedAfterSignature(issuer, rs256((claims) -> claims.audience((String) null)), "aud is required");
		refusedAfterSignature(issuer, rs256((claims) -> claims.audience(java.util.Arrays.asList((String) null))),
				"aud is required");
		assertThat(verifier(issuer)
			.verify(rs256((claims) -> claims.audience(java.util.Arrays.asList(null, AUDIENCE))), "client-a")
			.subject()).as("a null among the audiences is ignored").isEqualTo("alice");
		refusedAfterSignature(issuer, rs256((claims) -> claims.claim("nbf", 1e30)), "nbf is not a valid NumericDate");
		refusedAfterSignature(issuer, rs256((claims) -> claims.claim("exp", 1e30)), "exp is not a valid NumericDate");
		refusedAfterSignature(issuer, rs256((claims) -> claims.expirationTime(null)), "exp is required");
		refusedAfterSignature(issuer, rs256((claims) -> claims.issueTime(Date.from(NOW.minusSeconds(400)))
			.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired");
		refusedAfterSignature(issuer, rs256((claims) -> claims.issueTime(Date.from(NOW.minusSeconds(200)))
			.expirationTime(Date.from(NOW.plusSeconds(200)))), "exp - iat");
		refusedAfterSignature(issuer,
				rs256((claims) -> claims.issueTime(null).expirationTime(Date.from(NOW.plusSeconds(400)))),
				"too far ahead");
		refusedAfterSignature(issuer, rs256((claims) -> claims.issueTime(Date.from(NOW.plusSeconds(61)))
			.expirationTime(Date.from(NOW.plusSeconds(120)))), "iat is in the future");
		refusedAfterSignature(issuer, rs256((claims) -> claims.notBeforeTime(Date.from(NOW.plusSeconds(61)))), "nbf");
		refusedAfterSignature(issuer, rs256((claims) -> claims.subject(null)), "sub is required");
		refusedAfterSignature(issuer, rs256((claims) -> claims.jwtID(null)), "jti is required");
		refusedAfterSignature(issuer, rs256((claims) -> claims.jwtID("x".repeat(201))), "jti is longer");
	}

	@Test
	void allowsTheClockSkewAtEachBoundary() throws Exception {
		TrustedIssuer issuer = inline(rsa);
		verifier(issuer).verify(rs256((claims) -> claims.issueTime(Date.from(NOW.minusSeconds(200)))
			.expirationTime(Date.from(NOW.minusSeconds(59)))), "client-a");
		verifier(issuer).verify(rs256((claims) -> claims.notBeforeTime(Date.from(NOW.plusSeconds(59)))), "client-a");
		verifier(issuer).verify(
				rs256((claims) -> claims.issueTime(null).expirationTime(Date.from(NOW.plusSeconds(359)))), "client-a");
	}

	@Test
	void refusesAnAccessTokenTypedJwt() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build(), valid().build());
		jwt.sign(new RSASSASigner(rsa));
		refused(inline(rsa), jwt.serialize(), "typ at+jwt is not allowed");
	}

	@Test
	void fetchedKeysAreUsedAndAFetchFailureIsAClearInvalidGrant() throws Exception {
		TrustedIssuer issuer = issuer(null, JWKS_URI.toString());
		this.remote = new ImmutableJWKSet<>(new JWKSet(rsa.toPublicJWK()));
		assertThat(verifier(issuer).verify(rs256(valid().build()), "client-a").subject()).isEqualTo("alice");
		this.remote = (selector, context) -> {
			throw new KeySourceException("down", new EgressException("Refused: timed out after 3 s"));
		};
		String assertion = rs256(valid().build());
		assertThatThrownBy(() -> verifier(issuer).verify(assertion, "client-a"))
			.isInstanceOfSatisfying(PartnerAssertionRefusal.class, (refusal) -> {
				assertThat(refusal.getError().getDescription()).as("the client learns no address or timing")
					.isEqualTo("the trusted issuer's keys could not be fetched");
				assertThat(refusal.auditDetail().get("reason")).as("the audit trail says why")
					.isEqualTo("the trusted issuer's keys could not be fetched: Refused: timed out after 3 s");
			});
	}

	@Test
	void aClientTheIssuerDoesNotAllowIsRefusedBeforeAnyKeyIsFetched() throws Exception {
		TrustedIssuer issuer = issuer(null, JWKS_URI.toString());
		this.remote = (selector, context) -> {
			throw new AssertionError("no key may be fetched for a client the issuer does not allow");
		};
		assertThatThrownBy(() -> verifier(issuer).verify(rs256(valid().build()), "client-b"))
			.isInstanceOf(PartnerAssertionRefusal.class)
			.hasMessageContaining("the client is not allowed to exchange this trusted issuer's assertions");
	}

	@Test
	void theClockSkewSettingIsBounded() {
		assertThatThrownBy(() -> new PartnerAssertionClaims(Clock.systemUTC(), Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PartnerAssertionClaims(Clock.systemUTC(), Duration.ofMinutes(6)))
			.hasMessageContaining("tessera.jwt-bearer.clock-skew");
	}

	@Test
	void anAlgorithmNameIsEchoedOnlyAsTextAnErrorDescriptionMayHold() throws Exception {
		String header = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"HS256\\n\\\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String forged = header + "." + rs256(valid().build()).split("\\.")[1] + ".c2ln";
		assertThatThrownBy(() -> verifier(inline(rsa)).verify(forged, "client-a"))
			.isInstanceOf(PartnerAssertionRefusal.class)
			.satisfies((refusal) -> assertThat(((PartnerAssertionRefusal) refusal).getError().getDescription())
				.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+"));
	}

	@Test
	void aVerifiedAssertionsAuditDetailNamesIssuerAndSubjectOnly() throws Exception {
		String assertion = rs256(valid().build());
		Map<String, Object> detail = verifier(inline(rsa)).verify(assertion, "client-a").auditDetail();
		assertThat(detail).containsEntry("partnerIssuer", PARTNER)
			.containsEntry("subject", "alice")
			.containsEntry("assertionVerified", true);
		assertThat(detail.values()).noneMatch(assertion::equals);
	}

	@Test
	void assertionIsSignedJwsNotJustAnyJose() throws Exception {
		JWSObject notAJwt = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
				new Payload("not json"));
		notAJwt.sign(new RSASSASigner(rsa));
		refused(inline(rsa), notAJwt.serialize(), "not a valid JWT");
	}

}
