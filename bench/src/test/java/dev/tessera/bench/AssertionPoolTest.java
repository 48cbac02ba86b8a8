package dev.tessera.bench;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-signed assertions: each one must be a valid, distinct JWT that the server would
 * accept, or a phase measures refusals instead of tokens.
 */
class AssertionPoolTest {

	private static final String TOKEN_ENDPOINT = "http://localhost:8080/oauth2/token";

	@Test
	void partnerAssertionsAreValidAndDistinct() throws Exception {
		PartnerIdentityProvider partner = PartnerIdentityProvider.start();
		try {
			AssertionPool pool = partner.assertions(TOKEN_ENDPOINT);
			assertEquals(PartnerIdentityProvider.ISSUER, pool.issuer());
			int signed = pool.fill(40, Duration.ofSeconds(10), Deadline.after(Duration.ofMinutes(1)));
			assertEquals(40, signed);
			assertEquals(40, pool.remaining());
			RSAKey publicKey = ((RSAKey) partner.key().privateKey()).toPublicJWK();
			Set<String> ids = new HashSet<>();
			for (int i = 0; i < 40; i++) {
				SignedJWT jwt = SignedJWT.parse(pool.take());
				assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
				assertEquals(publicKey.getKeyID(), jwt.getHeader().getKeyID());
				assertTrue(jwt.verify(new RSASSAVerifier(publicKey)), "signed by the partner's key");
				JWTClaimsSet claims = jwt.getJWTClaimsSet();
				assertEquals(PartnerIdentityProvider.ISSUER, claims.getIssuer());
				assertEquals(PartnerIdentityProvider.SUBJECT, claims.getSubject());
				assertEquals(List.of(TOKEN_ENDPOINT), claims.getAudience());
				assertLifetimeWithinFiveMinutes(claims);
				assertNotNull(claims.getJWTID());
				assertTrue(ids.add(claims.getJWTID()), "a fresh jti every time: " + claims.getJWTID());
			}
			assertEquals(0, pool.remaining());
			assertEquals(0, pool.takeSignedInline(), "every one came from the pool");
		}
		finally {
			partner.close();
		}
	}

	@Test
	void aDryPoolSignsInlineAndSaysHowMany() throws Exception {
		ClientKey key = ClientKey.generate("RS256");
		AssertionPool pool = AssertionPool.forPartner(key, "https://idp.example", "alice", TOKEN_ENDPOINT);
		String first = pool.take();
		String second = pool.take();
		assertEquals(2, pool.takeSignedInline());
		assertEquals(0, pool.takeSignedInline(), "the count restarts");
		assertTrue(!SignedJWT.parse(first)
			.getJWTClaimsSet()
			.getJWTID()
			.equals(SignedJWT.parse(second).getJWTClaimsSet().getJWTID()));
		assertLifetimeWithinFiveMinutes(SignedJWT.parse(first).getJWTClaimsSet());
	}

	@Test
	void clientAssertionsNameTheClientAsIssuerAndSubject() throws ParseException, JOSEException {
		ClientKey key = ClientKey.generate("ES256");
		AssertionPool pool = AssertionPool.forClient(key, "client-1", "http://localhost:8080");
		pool.fill(3, Duration.ofSeconds(5), Deadline.after(Duration.ofMinutes(1)));
		SignedJWT jwt = SignedJWT.parse(pool.take());
		assertTrue(jwt.verify(new ECDSAVerifier(((ECKey) key.privateKey()).toPublicJWK())));
		assertEquals("client-1", jwt.getJWTClaimsSet().getIssuer());
		assertEquals("client-1", jwt.getJWTClaimsSet().getSubject());
		assertEquals(List.of("http://localhost:8080"), jwt.getJWTClaimsSet().getAudience());
		assertEquals("client-1", pool.issuer());
	}

	private static void assertLifetimeWithinFiveMinutes(JWTClaimsSet claims) {
		Instant now = Instant.now();
		Instant exp = claims.getExpirationTime().toInstant();
		Instant iat = claims.getIssueTime().toInstant();
		assertTrue(exp.isAfter(now.plusSeconds(15)), "usable for a while: " + exp);
		assertTrue(!exp.isAfter(now.plusSeconds(300)), "exp at most 300 s ahead: " + exp);
		assertTrue(Duration.between(iat, exp).compareTo(Duration.ofSeconds(300)) <= 0, "exp - iat ≤ 300 s");
	}

}
