package dev.tessera.samples.jwtbearer;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the partner's assertions say, read back from the serialized JWT as Tessera reads
 * it: {@code aud} is one JSON string, Tessera's issuer identifier (not an array, not the
 * token endpoint); {@code exp - iat} is the configured lifetime; the header has the
 * partner key's {@code kid} and {@code typ: JWT} (the only type Tessera accepts besides
 * none) and the signature verifies with the partner's public key; and two assertions for
 * the same subject never share a {@code jti}, which Tessera would refuse as a replay. The
 * end-to-end test shows Tessera accepting them; this pins each claim.
 */
class PartnerAssertionsTest {

	private static final String TESSERA = "https://tessera.example.test";

	private static final Duration LIFETIME = Duration.ofSeconds(90);

	@TempDir
	static Path files;

	private static KeyPair keys;

	private static PartnerAssertions assertions;

	@BeforeAll
	static void partnerKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		keys = generator.generateKeyPair();
		Path keyFile = TestCertificates.writeKey(files.resolve("partner-key.pem"), keys);
		assertions = PartnerAssertions.fromPemFile(
				new PartnerProperties("https://idp.partner.example", "partner-key-7", keyFile, TESSERA, LIFETIME));
	}

	@Test
	void saysWhoVouchesForWhomToTesseraOnlyForItsLifetime() throws Exception {
		SignedJWT assertion = SignedJWT.parse(assertions.mint("alice").getTokenValue());

		Map<String, Object> payload = assertion.getPayload().toJSONObject();
		assertThat(payload.get("aud")).as("aud as serialized").isInstanceOf(String.class).isEqualTo(TESSERA);
		JWTClaimsSet claims = assertion.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("https://idp.partner.example");
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(LIFETIME);
		assertThat(claims.getJWTID()).isNotBlank();
	}

	@Test
	void isSignedRs256WithThePartnersKeyNamedInTheHeader() throws Exception {
		SignedJWT assertion = SignedJWT.parse(assertions.mint("alice").getTokenValue());

		assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(assertion.getHeader().getKeyID()).isEqualTo("partner-key-7");
		assertThat(assertion.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
	}

	@Test
	void everyAssertionHasItsOwnJti() throws Exception {
		String first = SignedJWT.parse(assertions.mint("alice").getTokenValue()).getJWTClaimsSet().getJWTID();
		String second = SignedJWT.parse(assertions.mint("alice").getTokenValue()).getJWTClaimsSet().getJWTID();

		assertThat(first).isNotEqualTo(second);
	}

}
