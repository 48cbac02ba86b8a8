package dev.tessera.auth.jose;

import java.math.BigInteger;
import java.util.List;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The client-key rules, key by key, with no Spring behind them. */
class VerificationKeyPolicyTest {

	static RSAKey rsa;

	static ECKey ec;

	@BeforeAll
	static void generateKeys() throws Exception {
		rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
		ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
	}

	@Test
	void publicRsaAndEcKeysOnAllowedCurvesAreAccepted() throws Exception {
		assertThat(VerificationKeyPolicy.problemWith(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))))
			.isEmpty();
		for (Curve curve : List.of(Curve.P_384, Curve.P_521)) {
			assertThat(problem(new ECKeyGenerator(curve).generate().toPublicJWK())).isNull();
		}
		assertThat(problem(new RSAKeyGenerator(4096).generate().toPublicJWK())).isNull();
		assertThat(VerificationKeyPolicy.problemWith(new JWKSet())).as("emptiness is the registration's rule")
			.isEmpty();
	}

	@Test
	void privatePartsAreRefusedWithoutShowingThem() {
		assertThat(problem(rsa)).contains("public keys only")
			.contains("'rsa'")
			.contains("private part")
			.doesNotContain(rsa.getPrivateExponent().toString());
		assertThat(problem(ec)).contains("private part");
	}

	@Test
	void symmetricAndOtherKeyTypesAreRefused() throws Exception {
		assertThat(problem(new OctetSequenceKeyGenerator(256).generate())).contains("not symmetric keys");
		OctetKeyPair ed25519 = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[32])).keyID("ed")
			.build();
		assertThat(problem(ed25519)).contains("RSA or EC").contains("OKP");
	}

	@Test
	void rsaKeysBelow2048BitsAreRefused() throws Exception {
		RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate().toPublicJWK();
		assertThat(problem(small)).contains("'small'").contains("1024 bits").contains("2048");
		RSAKey notOne = new RSAKey.Builder(new Base64URL("AQAB"), new Base64URL("AQAB")).build();
		// whether the JDK builds a 17-bit key at all depends on the security providers
		// loaded
		assertThat(problem(notOne)).containsAnyOf("not a valid RSA or EC public key", "17 bits; at least 2048");
	}

	@Test
	void ecKeysOffTheAllowedCurvesAreRefused() throws Exception {
		// the curve's generator point: a valid point, on a curve the JDK no longer
		// generates keys for
		ECKey secp256k1 = new ECKey.Builder(Curve.SECP256K1,
				Base64URL
					.encode(new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16)),
				Base64URL
					.encode(new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16)))
			.keyID("k1")
			.build();
		assertThat(problem(secp256k1)).contains("curve").contains("P-256");
	}

	@Test
	void aKeyAlgMustBeAnAllowedSignatureAlgorithm() {
		assertThat(problem(new RSAKey.Builder(rsa.toPublicJWK()).algorithm(JWSAlgorithm.PS256).build())).isNull();
		assertThat(problem(new RSAKey.Builder(rsa.toPublicJWK()).algorithm(JWSAlgorithm.HS256).build()))
			.contains("alg 'HS256'");
		assertThat(problem(new RSAKey.Builder(rsa.toPublicJWK()).algorithm(JWEAlgorithm.RSA_OAEP_256).build()))
			.contains("alg 'RSA-OAEP-256'");
	}

	@Test
	void aKeyUseMustBeSig() {
		assertThat(problem(new ECKey.Builder(ec.toPublicJWK()).keyUse(KeyUse.SIGNATURE).build())).isNull();
		assertThat(problem(new ECKey.Builder(ec.toPublicJWK()).keyUse(KeyUse.ENCRYPTION).build()))
			.contains("use 'enc'");
	}

	@Test
	void oneBadKeyRefusesTheWholeSet() {
		JWK encryption = new RSAKey.Builder(rsa.toPublicJWK()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
		assertThat(VerificationKeyPolicy.problemWith(new JWKSet(List.of(ec.toPublicJWK(), encryption))))
			.hasValueSatisfying(problem -> assertThat(problem).contains("'enc'"));
	}

	@Test
	void theAllowListHasNoHmacAndNoNone() {
		assertThat(VerificationKeyPolicy.ALLOWED_ALGORITHMS).doesNotContain(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
				JWSAlgorithm.HS512, new JWSAlgorithm("none"));
		assertThat(VerificationKeyPolicy.ALLOWED_ALGORITHMS).contains(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
				JWSAlgorithm.ES256);
	}

	static String problem(JWK key) {
		return VerificationKeyPolicy.problemWith(new JWKSet(key)).orElse(null);
	}

	@Test
	void aRegisteredSetWithANullKeyIsRefusedNotACrash() {
		assertThat(VerificationKeyPolicy.registrationProblem("{\"keys\":[null]}"))
			.contains("is not a JSON Web Key Set");
		assertThatIllegalArgumentException().isThrownBy(() -> VerificationKeySources.inline("{\"keys\":[null]}"));
	}

}
