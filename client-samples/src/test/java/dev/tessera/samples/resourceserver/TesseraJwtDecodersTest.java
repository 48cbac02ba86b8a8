package dev.tessera.samples.resourceserver;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static dev.tessera.samples.resourceserver.AccessTokens.claims;
import static dev.tessera.samples.resourceserver.AccessTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Signs tokens locally, serves the public keys from a local JWKS endpoint, and checks
 * that the decoder from {@link TesseraJwtDecoders} accepts exactly the tokens Tessera
 * would issue for this API.
 */
class TesseraJwtDecodersTest {

	private static final String AUDIENCE = "https://api.example.test";

	private static final JOSEObjectType JWT = JOSEObjectType.JWT;

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static RSAKey rsaKey;

	private static ECKey ecKey;

	private static JwksServer jwks;

	private String issuer;

	private JwtDecoder decoder;

	@BeforeAll
	static void startJwksServer() throws Exception {
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
		ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
		jwks = JwksServer.serving(new JWKSet(List.of(rsaKey, ecKey)));
	}

	@AfterAll
	static void stopJwksServer() {
		jwks.close();
	}

	@BeforeEach
	void createDecoder() {
		this.issuer = jwks.issuer();
		this.decoder = TesseraJwtDecoders.forIssuer(this.issuer, jwks.jwkSetUri(), AUDIENCE);
	}

	@Test
	void acceptsRs256AtJwt() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, AUDIENCE, "sample:read other").build());

		Jwt jwt = this.decoder.decode(token);

		assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("kid", "rsa-1");
		assertThat(jwt.getSubject()).isEqualTo(AccessTokens.CLIENT_ID);
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(AccessTokens.CLIENT_ID);
		assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("sample:read other");
	}

	@Test
	void acceptsApplicationAtJwtType() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, new JOSEObjectType("application/at+jwt"),
				claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThat(this.decoder.decode(token).getHeaders()).containsEntry("typ", "application/at+jwt");
	}

	@Test
	void acceptsPs256AndEs256() {
		String ps256 = sign(rsaKey, JWSAlgorithm.PS256, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build());
		String es256 = sign(ecKey, JWSAlgorithm.ES256, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThat(this.decoder.decode(ps256).getHeaders()).containsEntry("alg", "PS256");
		assertThat(this.decoder.decode(es256).getHeaders()).containsEntry("alg", "ES256");
	}

	@Test
	void acceptsAudienceAmongSeveral() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, AUDIENCE, "sample:read").audience(List.of("https://other.example.test", AUDIENCE))
					.build());

		assertThat(this.decoder.decode(token).getAudience()).contains(AUDIENCE);
	}

	@Test
	void rejectsPlainJwtType() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, JWT, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("JOSE header typ (type) JWT not allowed");
	}

	@Test
	void rejectsMissingType() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, null, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("typ (type) parameter is missing");
	}

	@Test
	void rejectsWrongIssuer() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims("https://evil.example.test", AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting("description")
				.containsExactly("The iss claim is not valid"));
	}

	@Test
	void rejectsWrongAudience() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, "https://other.example.test", "sample:read").build());

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting("description")
				.containsExactly("The aud claim is not valid"));
	}

	@Test
	void rejectsExpiredToken() {
		Instant issued = Instant.now().minusSeconds(600);
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, AUDIENCE, "sample:read").issueTime(Date.from(issued))
					.expirationTime(Date.from(issued.plusSeconds(300)))
					.build());

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Jwt expired at");
	}

	@Test
	void rejectsTokenWithoutClientId() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, AUDIENCE, "sample:read").claim("client_id", null).build());

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("client_id");
	}

	@Test
	void rejectsCertificateBoundTokenWithoutClientCertificate() {
		String token = sign(rsaKey, JWSAlgorithm.RS256, AT_JWT,
				claims(this.issuer, AUDIENCE, "sample:read")
					.claim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"))
					.build());

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Unable to obtain X509Certificate");
	}

	@Test
	void rejectsUnsignedToken() {
		PlainHeader header = new PlainHeader.Builder().type(AT_JWT).build();
		String token = new PlainJWT(header, claims(this.issuer, AUDIENCE, "sample:read").build()).serialize();
		assertThat(token).endsWith(".");

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Unsupported algorithm of none");
	}

	@Test
	void rejectsHs256WithRandomSecret() throws Exception {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		MACSigner signer = new MACSigner(secret);
		String token = hs256(signer);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Another algorithm expected, or no matching key(s) found");
	}

	@Test
	void rejectsHs256SignedWithThePublicKey() throws Exception {
		// the classic algorithm confusion attack: HMAC keyed with bytes anyone can fetch
		MACSigner signer = new MACSigner(rsaKey.toRSAPublicKey().getEncoded());
		String token = hs256(signer);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Another algorithm expected, or no matching key(s) found");
	}

	@Test
	void rejectsRs512FromTrustedKey() {
		// a valid signature by a trusted key, but an algorithm outside the allow-list
		String token = sign(rsaKey, JWSAlgorithm.RS512, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Another algorithm expected, or no matching key(s) found");
	}

	@Test
	void rejectsOtherRsaKeyClaimingTrustedKid() throws Exception {
		RSAKey impostor = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
		String token = sign(impostor, JWSAlgorithm.RS256, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("Invalid signature");
	}

	@Test
	void rejectsUnknownRsaKeyAfterRefetchingJwks() throws Exception {
		RSAKey unknown = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
		this.decoder
			.decode(sign(rsaKey, JWSAlgorithm.RS256, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build()));
		int fetchesBefore = jwks.requests();
		String token = sign(unknown, JWSAlgorithm.RS256, AT_JWT, claims(this.issuer, AUDIENCE, "sample:read").build());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("no matching key(s) found");
		// an unknown kid may mean Tessera rotated keys, so the decoder looked again, once
		assertThat(jwks.requests()).isEqualTo(fetchesBefore + 1);
	}

	private String hs256(MACSigner signer) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID(rsaKey.getKeyID()).build();
		JWTClaimsSet claims = claims(this.issuer, AUDIENCE, "sample:read").build();
		return sign(signer, header, claims);
	}

}
