package dev.tessera.auth.key;

import java.security.Security;
import java.util.Map;
import java.util.Set;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Ci;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server signs with the native provider, says so in its metrics, and its
 * tokens verify with the JDK's own RSA implementation against the published JWKS: the
 * provider changes the speed, not what resource servers see. The health output on the
 * management port names it too (component {@code nativeCrypto} UP).
 */
@TesseraServerTest
class NativeSigningIntegrationTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void tokensSignedNativelyVerifyWithTheJdk() throws Exception {
		Ci.require(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null,
				"the native provider does not load on this platform");
		assertThat(this.meters.get("tessera.keys.signing.provider").gauge().getId().getTag("provider"))
			.isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

		Http http = new Http(this.issuer);
		IssuedSecret client = this.registrar.register(
				ClientDraft.clientCredentials(null, "native", Set.of(), Set.of(), Set.of("https://api.example.test")));
		SignedJWT token = SignedJWT.parse(KeyRotationIntegrationTest.token(http, client));
		JWKSet jwks = JWKSet.parse(http.get("/oauth2/jwks").body());
		RSAKey key = (RSAKey) jwks.getKeyByKeyId(token.getHeader().getKeyID());

		RSASSAVerifier jdk = new RSASSAVerifier(key.toRSAPublicKey());
		jdk.getJCAContext().setProvider(Security.getProvider("SunRsaSign"));
		assertThat(token.verify(jdk)).isTrue();

		Http.Response health = new Http("http://localhost:" + this.managementPort).get("/actuator/health");
		assertThat(health.json()).extractingByKey("components")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("nativeCrypto", Map.of("status", "UP"));
	}

}
