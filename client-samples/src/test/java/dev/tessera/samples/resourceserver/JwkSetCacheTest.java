package dev.tessera.samples.resourceserver;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static dev.tessera.samples.resourceserver.AccessTokens.claims;
import static dev.tessera.samples.resourceserver.AccessTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@link JwkSetCache} and the configurable clock skew do to the decoder, against a
 * local JWKS endpoint that counts its downloads and can change its keys: the set is
 * downloaded once per time-to-live, a key removed from it stays trusted until the cache
 * refreshes (the revocation delay the README describes), a token with an unknown
 * {@code kid} refreshes it, and such tokens cannot make the decoder download more than
 * twice per interval, each being refused as a bad token rather than a server error.
 */
class JwkSetCacheTest {

	private static final String AUDIENCE = "https://api.example.test";

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static RSAKey current;

	private static RSAKey next;

	private JwksServer jwks;

	@BeforeAll
	static void keys() throws Exception {
		current = new RSAKeyGenerator(2048).keyID("current").keyUse(KeyUse.SIGNATURE).generate();
		next = new RSAKeyGenerator(2048).keyID("next").keyUse(KeyUse.SIGNATURE).generate();
	}

	@AfterEach
	void stopJwks() {
		if (this.jwks != null) {
			this.jwks.close();
		}
	}

	@Test
	void downloadsTheSetOncePerTimeToLive() throws Exception {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = decoder(new JwkSetCache(Duration.ofSeconds(1), Duration.ofMillis(200)), Duration.ZERO);

		decoder.decode(token(current));
		decoder.decode(token(current));
		assertThat(this.jwks.requests()).isEqualTo(1);
		// Nimbus's cache reads the system clock: no Clock to tick
		Thread.sleep(1200);
		decoder.decode(token(current));

		assertThat(this.jwks.requests()).isEqualTo(2);
	}

	@Test
	void aRemovedKeyIsTrustedUntilTheCacheRefreshes() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = decoder(JwkSetCache.DEFAULTS, Duration.ZERO);
		String signedByRevokedKey = token(current);
		decoder.decode(signedByRevokedKey);

		// Tessera rotates to "next" and revokes "current"
		this.jwks.serve(new JWKSet(next));

		// the cached set still has it: this window is as long as the cache's TTL
		assertThat(decoder.decode(signedByRevokedKey).getHeaders()).containsEntry("kid", "current");
		// a token naming a kid the cache lacks refreshes it ...
		decoder.decode(token(next));
		assertThat(this.jwks.requests()).isEqualTo(2);
		// ... and from then on the revoked key is refused
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(signedByRevokedKey))
			.withMessageContaining("no matching key(s) found");
	}

	@Test
	void unknownKidsCannotMakeItDownloadMoreThanTwicePerInterval() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = decoder(JwkSetCache.DEFAULTS, Duration.ZERO);
		decoder.decode(token(current));

		for (int i = 0; i < 10; i++) {
			// a key Tessera never published, under a new kid each time
			RSAKey madeUp = new RSAKey.Builder(next).keyID("made-up-" + i).build();
			String token = token(madeUp);
			// BadJwtException: 401 invalid_token, not the 500 a KeySourceException
			// becomes
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
				.withMessageContaining("no matching key(s) found");
		}

		assertThat(this.jwks.requests()).isLessThanOrEqualTo(3);
		// and real tokens still pass from the cache
		assertThat(decoder.decode(token(current)).getHeaders()).containsEntry("kid", "current");
	}

	@Test
	void theClockSkewIsConfigurable() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		Instant expired = Instant.now().minusSeconds(30);
		String token = sign(current, JWSAlgorithm.RS256, AT_JWT,
				claims(this.jwks.issuer(), AUDIENCE, "sample:read").issueTime(Date.from(expired.minusSeconds(300)))
					.expirationTime(Date.from(expired))
					.build());

		assertThat(decoder(JwkSetCache.DEFAULTS, Duration.ofSeconds(60)).decode(token).getExpiresAt())
			.isEqualTo(expired.truncatedTo(ChronoUnit.SECONDS));
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder(JwkSetCache.DEFAULTS, Duration.ofSeconds(10)).decode(token))
			.withMessageContaining("Jwt expired at");
	}

	@Test
	void refusesARefreshWindowAsLongAsTheTimeToLive() {
		// Nimbus would refuse it later, at start-up; say what is wrong in the settings'
		// terms
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwkSetCache(Duration.ofSeconds(30), Duration.ofSeconds(30)))
			.withMessageContaining("must be shorter than timeToLive");
	}

	private JwtDecoder decoder(JwkSetCache cache, Duration clockSkew) {
		return TesseraJwtDecoders.forIssuer(this.jwks.issuer(), this.jwks.jwkSetUri(), AUDIENCE, cache, clockSkew);
	}

	private String token(RSAKey key) {
		return sign(key, JWSAlgorithm.RS256, AT_JWT, claims(this.jwks.issuer(), AUDIENCE, "sample:read").build());
	}

}
