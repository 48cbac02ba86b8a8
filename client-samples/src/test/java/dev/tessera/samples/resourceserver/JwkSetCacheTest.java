package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static dev.tessera.samples.resourceserver.AccessTokens.claims;
import static dev.tessera.samples.resourceserver.AccessTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link JwkSetCache} and the configurable clock skew do to the decoder, against a
 * local JWKS endpoint that counts its downloads, can change its keys and can fail: the
 * set is downloaded once per time-to-live, a key removed from it stays trusted until the
 * cache refreshes (the revocation delay the README describes), a token with an unknown
 * {@code kid} refreshes it, such tokens cannot make the decoder refetch more than twice
 * per interval and are refused as bad tokens (401) rather than a server error once that
 * budget is spent, and a spent budget never holds back the download due when the set
 * expires: valid tokens, including ones signed by a key that only the new set has, pass
 * as soon as it is downloaded. Nimbus's cache and rate limiter take the current time from
 * their caller, so the tests that move time move a clock of their own
 * ({@link #clockedDecoder}) instead of sleeping.
 */
class JwkSetCacheTest {

	private static final String AUDIENCE = "https://api.example.test";

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final Duration TTL = JwkSetCache.DEFAULTS.timeToLive();

	private static final Duration INTERVAL = JwkSetCache.DEFAULTS.minRefreshInterval();

	private static RSAKey current;

	private static RSAKey next;

	private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());

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
	void downloadsTheSetOncePerTimeToLive() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = clockedDecoder(JwkSetCache.DEFAULTS);

		decoder.decode(token(current));
		tick(TTL.minusMillis(1));
		decoder.decode(token(current));
		assertThat(this.jwks.requests()).isEqualTo(1);
		tick(Duration.ofMillis(1));
		decoder.decode(token(current));

		assertThat(this.jwks.requests()).isEqualTo(2);
	}

	@Test
	void aRemovedKeyIsRefusedOnceTheSetExpires() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = clockedDecoder(JwkSetCache.DEFAULTS);
		String signedByRevokedKey = token(current);
		decoder.decode(signedByRevokedKey);

		// Tessera rotates to "next" and revokes "current"
		this.jwks.serve(new JWKSet(next));
		tick(TTL.minusMillis(1));
		assertThat(decoder.decode(signedByRevokedKey).getHeaders()).containsEntry("kid", "current");
		tick(Duration.ofMillis(1));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(signedByRevokedKey))
			.withMessageContaining("no matching key(s) found");
		// the download due at expiry, then the refetch a kid missing from it asks for
		assertThat(this.jwks.requests()).isEqualTo(3);
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
		// the decoder the sample builds, on the system clock: all of this happens well
		// within one 30 s interval
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = decoder(JwkSetCache.DEFAULTS, Duration.ZERO);
		decoder.decode(token(current));

		for (int i = 0; i < 10; i++) {
			String token = madeUpKid("made-up-" + i);
			// BadJwtException: 401 invalid_token, not the 500 a KeySourceException
			// becomes
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
				.withMessageContaining("no matching key(s) found");
		}

		// the first download and two refetches
		assertThat(this.jwks.requests()).isEqualTo(3);
		// and real tokens still pass from the cache
		assertThat(decoder.decode(token(current)).getHeaders()).containsEntry("kid", "current");
	}

	@Test
	void theRefetchBudgetIsRenewedEachInterval() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = clockedDecoder(JwkSetCache.DEFAULTS);
		decoder.decode(token(current));
		refuseMadeUpKids(decoder, 5);
		assertThat(this.jwks.requests()).isEqualTo(3);

		// Tessera rotates a key in: its tokens wait for the window to end (or the set
		// to expire)
		this.jwks.serve(new JWKSet(List.of(current, next)));
		String signedByNewKey = token(next);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(signedByNewKey));
		assertThat(this.jwks.requests()).isEqualTo(3);
		tick(INTERVAL);

		assertThat(decoder.decode(signedByNewKey).getHeaders()).containsEntry("kid", "next");
		assertThat(this.jwks.requests()).isEqualTo(4);
		refuseMadeUpKids(decoder, 5);
		assertThat(this.jwks.requests()).isEqualTo(5);
	}

	@Test
	void theDownloadDueAtExpiryDoesNotWaitForASpentRefetchBudget() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = clockedDecoder(JwkSetCache.DEFAULTS);
		decoder.decode(token(current));

		// shortly before the set expires, Tessera stumbles (restarting, or slower than
		// the read timeout) while two tokens with unknown kids ask for a refetch: both
		// downloads fail, which spends the budget without refreshing the cache
		tick(TTL.minusSeconds(10));
		this.jwks.failing(true);
		for (int i = 0; i < 2; i++) {
			String token = madeUpKid("during-outage-" + i);
			// Tessera failing is a server error, not the token's fault
			assertThatThrownBy(() -> decoder.decode(token)).isExactlyInstanceOf(JwtException.class);
		}
		assertThat(this.jwks.requests()).isEqualTo(3);

		// Tessera is back, with a key rotated in; the budget stays spent for 20 s more
		this.jwks.failing(false);
		this.jwks.serve(new JWKSet(List.of(current, next)));
		String signedByNewKey = token(next);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(signedByNewKey));
		assertThat(this.jwks.requests()).isEqualTo(3);

		// the set expires inside that window: its download is not counted against the
		// budget (Nimbus's builder would have refused it, and with it every token)
		tick(Duration.ofSeconds(10));
		assertThat(decoder.decode(token(current)).getHeaders()).containsEntry("kid", "current");
		assertThat(this.jwks.requests()).isEqualTo(4);
		// the new key came with it
		assertThat(decoder.decode(signedByNewKey).getHeaders()).containsEntry("kid", "next");
		assertThat(this.jwks.requests()).isEqualTo(4);
		// and made-up kids are still held to the spent budget
		refuseMadeUpKids(decoder, 5);
		assertThat(this.jwks.requests()).isEqualTo(4);
	}

	@Test
	void madeUpKidsAllDayNeitherRefuseValidTokensNorExceedTheBudget() {
		this.jwks = JwksServer.serving(new JWKSet(current));
		JwtDecoder decoder = clockedDecoder(JwkSetCache.DEFAULTS);
		String valid = token(current);
		Duration attack = Duration.ofMinutes(20);

		for (long second = 0; second < attack.toSeconds(); second += 2) {
			refuseMadeUpKids(decoder, 1);
			assertThat(decoder.decode(valid).getHeaders()).containsEntry("kid", "current");
			tick(Duration.ofSeconds(2));
		}

		// the first download, then two refetches in each interval (at its first second
		// and 2 s later). Those refetches keep the set fresh, so no download at expiry
		// ever falls due: the attacker gets exactly the budget, no more and no less
		long intervals = attack.dividedBy(INTERVAL);
		assertThat(this.jwks.requests()).isEqualTo((int) (1 + 2 * intervals));
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
		// the rule of Nimbus's JWKSourceBuilder, said in the settings' terms
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwkSetCache(Duration.ofSeconds(30), Duration.ofSeconds(30)))
			.withMessageContaining("must be shorter than timeToLive");
	}

	/** The decoder the sample builds, its cache on the system clock. */
	private JwtDecoder decoder(JwkSetCache cache, Duration clockSkew) {
		return TesseraJwtDecoders.forIssuer(this.jwks.issuer(), this.jwks.jwkSetUri(), AUDIENCE, cache, clockSkew);
	}

	/**
	 * A decoder checking signatures as the sample's does, with the cache's JWK Set read
	 * at {@link #now} instead of the system clock (token expiry is still checked against
	 * the real clock).
	 */
	private JwtDecoder clockedDecoder(JwkSetCache cache) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSource(new JWKSetBasedJWKSource<>(new Clocked(cache.setSource(this.jwks.jwkSetUri()), this.now)))
			.build();
		decoder.setJwtValidator(TesseraJwtDecoders.validator(this.jwks.issuer(), AUDIENCE, Duration.ZERO));
		return decoder;
	}

	private void tick(Duration duration) {
		this.now.addAndGet(duration.toMillis());
	}

	private void refuseMadeUpKids(JwtDecoder decoder, int tokens) {
		for (int i = 0; i < tokens; i++) {
			String token = madeUpKid("made-up-" + this.now.get() + "-" + i);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
				.withMessageContaining("no matching key(s) found");
		}
	}

	/** Signed by a key Tessera never published, under a {@code kid} it never used. */
	private String madeUpKid(String kid) {
		return token(new RSAKey.Builder(next).keyID(kid).build());
	}

	private String token(RSAKey key) {
		return sign(key, JWSAlgorithm.RS256, AT_JWT, claims(this.jwks.issuer(), AUDIENCE, "sample:read").build());
	}

	/**
	 * Hands the sample's JWK Set source the test's time instead of the system time
	 * Nimbus's {@link JWKSetBasedJWKSource} reads.
	 */
	private record Clocked(JWKSetSource<SecurityContext> source,
			AtomicLong now) implements JWKSetSource<SecurityContext> {

		@Override
		public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long systemTime, SecurityContext context)
				throws KeySourceException {
			return this.source.getJWKSet(refreshEvaluator, this.now.get(), context);
		}

		@Override
		public void close() throws IOException {
			this.source.close();
		}

	}

}
