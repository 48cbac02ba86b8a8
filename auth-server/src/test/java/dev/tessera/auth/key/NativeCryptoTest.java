package dev.tessera.auth.key;

import java.security.Provider;
import java.security.Security;
import java.util.Map;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.support.Ci;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native provider is installed first unless switched off, and what it signs is plain
 * JOSE: the JDK's own providers (what a resource server on another stack has) verify it,
 * for every algorithm Tessera signs with. The health component {@code nativeCrypto} says
 * which provider signs: UP for the native one, UNKNOWN (never DOWN) for the JDK's.
 */
class NativeCryptoTest {

	private Provider[] before;

	@BeforeEach
	void nativeLibraryLoadsHere() {
		this.before = Security.getProviders();
		Ci.require(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
				"the native provider does not load on this platform");
	}

	/**
	 * Leaves the JVM's providers exactly as they were: other tests' contexts share them.
	 */
	@AfterEach
	void restore() {
		for (Provider provider : Security.getProviders()) {
			Security.removeProvider(provider.getName());
		}
		for (Provider provider : this.before) {
			Security.addProvider(provider);
		}
	}

	@Test
	void installsFirstByDefaultAndNotWhenSwitchedOff() {
		Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

		postProcess(Map.of(NativeCrypto.PROPERTY, "false"));
		assertThat(first()).isNotSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
		assertThat(KeyMetrics.signingProvider(JWSAlgorithm.RS256)).isEqualTo("SunRsaSign");

		postProcess(Map.of());
		assertThat(first()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
		assertThat(KeyMetrics.signingProvider(JWSAlgorithm.RS256))
			.isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

		postProcess(Map.of()); // a second context in the same JVM: still one provider,
								// first
		assertThat(Security.getProviders()).filteredOn(p -> p == AmazonCorrettoCryptoProvider.INSTANCE).hasSize(1);
	}

	@Test
	void movesTheProviderFirstWhenItIsRegisteredLowerDown() {
		Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
		Security.addProvider(AmazonCorrettoCryptoProvider.INSTANCE);
		assertThat(first()).isNotSameAs(AmazonCorrettoCryptoProvider.INSTANCE);

		postProcess(Map.of());

		assertThat(first()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
		assertThat(Security.getProviders()).filteredOn(p -> p == AmazonCorrettoCryptoProvider.INSTANCE).hasSize(1);
	}

	@Test
	void theHealthComponentSaysWhetherTheNativeProviderSigns() {
		Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
		postProcess(Map.of(NativeCrypto.PROPERTY, "false"));
		Health off = new NativeCryptoHealthIndicator(false, JWSAlgorithm.RS256).health();
		assertThat(off.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(off.getDetails()).containsEntry("enabled", false).containsEntry("signingProvider", "SunRsaSign");

		postProcess(Map.of());
		Health on = new NativeCryptoHealthIndicator(true, JWSAlgorithm.RS256).health();
		assertThat(on.getStatus()).isEqualTo(Status.UP);
		assertThat(on.getDetails()).containsEntry("loaded", true)
			.containsEntry("version", AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr())
			.containsEntry("signingProvider", AmazonCorrettoCryptoProvider.PROVIDER_NAME)
			.containsEntry("algorithm", "RS256");
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "PS256", "ES256" })
	void theJdkVerifiesWhatTheNativeProviderSigns(String algorithm) throws Exception {
		postProcess(Map.of());
		JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
		JWK key = SigningKeys.parse(SigningKeyGenerator.generate(alg).toJSONString()); // as
																						// stored
																						// and
																						// read
																						// back
		assertThat(KeyMetrics.signingProvider(alg)).isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt")).build(),
				new JWTClaimsSet.Builder().issuer("https://issuer.example.test").subject("client").build());
		jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
		SignedJWT received = SignedJWT.parse(jwt.serialize());

		JWSVerifier jdk = jdkVerifier(key);
		assertThat(received.verify(jdk)).as("verified by " + jdk.getJCAContext().getProvider()).isTrue();
		SignedJWT tampered = SignedJWT.parse(jwt.serialize()
			.replaceFirst("\\.[^.]+\\.",
					"." + new JWTClaimsSet.Builder().issuer("https://issuer.example.test")
						.subject("other")
						.build()
						.toPayload()
						.toBase64URL() + "."));
		assertThat(tampered.verify(jdk)).isFalse();
	}

	private static JWSVerifier jdkVerifier(JWK key) throws Exception {
		JWSVerifier verifier = (key.getKeyType().getValue().equals("EC"))
				? new ECDSAVerifier(key.toECKey().toECPublicKey())
				: new RSASSAVerifier(key.toRSAKey().toRSAPublicKey());
		String provider = (key.getKeyType().getValue().equals("EC")) ? "SunEC" : "SunRsaSign";
		verifier.getJCAContext().setProvider(Security.getProvider(provider));
		return verifier;
	}

	private static void postProcess(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new NativeCrypto(new DeferredLogs()).postProcessEnvironment(environment, null);
	}

	private static Provider first() {
		return Security.getProviders()[0];
	}

}
