package dev.tessera.auth.grant.jwtbearer;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test partner itself, without a Tessera: its key server does what the JWT-bearer
 * tests rely on, and its forgeries are the forgeries they claim to be.
 */
class PartnerIdentityProviderTest {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	final PartnerIdentityProvider partner = PartnerIdentityProvider.start(Clock.systemUTC());

	@AfterEach
	void close() {
		this.partner.close();
	}

	HttpResponse<String> fetch(String uri, Duration timeout) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void servesItsPublicKeysAndFollowsARotation() throws Exception {
		JWKSet served = JWKSet.parse(fetch(this.partner.jwksUri(), Duration.ofSeconds(5)).body());
		assertThat(served.getKeys()).extracting(JWK::getKeyID)
			.containsExactly(this.partner.rsaKey().getKeyID(), this.partner.ecKey().getKeyID());
		assertThat(served.getKeys()).noneMatch(JWK::isPrivate);

		RSAKey rotated = this.partner.addRsaKey(JWSAlgorithm.RS256);
		this.partner.withdraw(this.partner.rsaKey().getKeyID());
		served = JWKSet.parse(fetch(this.partner.jwksUri(), Duration.ofSeconds(5)).body());
		assertThat(served.getKeys()).extracting(JWK::getKeyID)
			.containsExactly(this.partner.ecKey().getKeyID(), rotated.getKeyID());
		assertThat(served.getKeyByKeyId(rotated.getKeyID()).getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(this.partner.fetches()).isEqualTo(2);
		assertThat(this.partner.publicJwks()).containsKey("keys");
	}

	@Test
	void failsInEachWayAsked() throws Exception {
		this.partner.unavailable();
		assertThat(fetch(this.partner.jwksUri(), Duration.ofSeconds(5)).statusCode()).isEqualTo(503);

		this.partner.slow(Duration.ofSeconds(30));
		assertThatThrownBy(() -> fetch(this.partner.jwksUri(), Duration.ofMillis(500)))
			.isInstanceOf(HttpTimeoutException.class);

		this.partner.up();
		assertThat(fetch(this.partner.jwksUri(), Duration.ofSeconds(5)).statusCode()).isEqualTo(200);

		this.partner.goDown();
		assertThatThrownBy(() -> fetch(this.partner.jwksUri(), Duration.ofSeconds(5)))
			.isInstanceOf(ConnectException.class);
		assertThatThrownBy(() -> fetch(PartnerIdentityProvider.refusingJwksUri(), Duration.ofSeconds(5)))
			.isInstanceOf(ConnectException.class);
	}

	@Test
	void signsGenuineAssertionsWithEitherKey() throws Exception {
		SignedJWT rsa = SignedJWT.parse(PartnerIdentityProvider.sign(this.partner.rsaKey(),
				this.partner.claims("https://tessera.test/oauth2/token").build()));
		assertThat(rsa.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(rsa.getHeader().getKeyID()).isEqualTo(this.partner.rsaKey().getKeyID());
		assertThat(rsa.verify(new RSASSAVerifier(this.partner.rsaKey().toPublicJWK()))).isTrue();
		assertThat(rsa.getJWTClaimsSet().getIssuer()).isEqualTo(this.partner.issuer());
		assertThat(rsa.getJWTClaimsSet().getAudience()).containsExactly("https://tessera.test/oauth2/token");
		assertThat(rsa.getJWTClaimsSet().getJWTID()).isNotBlank();
		assertThat(rsa.getJWTClaimsSet().getSubject()).isNotBlank();

		SignedJWT ec = SignedJWT.parse(PartnerIdentityProvider.sign(this.partner.ecKey(),
				this.partner.claims("https://tessera.test").build()));
		assertThat(ec.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(ec.verify(new ECDSAVerifier(this.partner.ecKey().toPublicJWK()))).isTrue();
	}

	@Test
	void itsForgeriesAreWhatTheyClaim() throws Exception {
		var claims = this.partner.claims("https://tessera.test").build();
		for (JWK key : List.of(this.partner.rsaKey(), this.partner.ecKey())) {
			SignedJWT impostor = SignedJWT.parse(PartnerIdentityProvider.signedByImpostor(key, claims));
			assertThat(impostor.getHeader().getKeyID()).isEqualTo(key.getKeyID());
			boolean verifies = (key instanceof RSAKey rsa) ? impostor.verify(new RSASSAVerifier(rsa.toPublicJWK()))
					: impostor.verify(new ECDSAVerifier(key.toECKey().toPublicJWK()));
			assertThat(verifies).as("the impostor's signature fails with the real key").isFalse();

			SignedJWT hmac = SignedJWT.parse(PartnerIdentityProvider.hmacWithPublicKey(key, claims));
			assertThat(hmac.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
			byte[] publicBytes = (key instanceof RSAKey rsa) ? rsa.toRSAPublicKey().getEncoded()
					: key.toECKey().toECPublicKey().getEncoded();
			assertThat(hmac.verify(new MACVerifier(publicBytes))).as("keyed with the public key").isTrue();
		}

		String unsigned = PartnerIdentityProvider.unsigned("none", "k1", claims);
		assertThat(unsigned).endsWith(".");
		String header = new String(Base64.getUrlDecoder().decode(unsigned.substring(0, unsigned.indexOf('.'))));
		assertThat(header).contains("\"alg\":\"none\"").contains("\"kid\":\"k1\"");
	}

}
