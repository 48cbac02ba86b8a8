package dev.tessera.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled rotation on a period of seconds, watched from outside as a resource server
 * would: the next key is in the JWKS before it signs, a token signed before the rotation
 * still verifies after it, and the old key leaves the JWKS after its window. The server's
 * clock is moved to each instant of the schedule, read from the keys themselves, and the
 * scheduler (checking every 200 ms) acts on it: no test time is spent waiting for a
 * period to pass.
 */
@TesseraServerTest
@TestPropertySource(properties = { "tessera.keys.rotation-period=8s", "tessera.keys.prepublish=4s",
		"tessera.keys.jwks-max-age=1s", "tessera.keys.refresh-interval=1s", "tessera.keys.check-interval=200ms",
		"tessera.tokens.default-ttl=6s", "tessera.tokens.max-ttl=6s" })
class KeyRotationIntegrationTest {

	static final String AUDIENCE = "https://api.example.test";

	static final Duration WAIT = Duration.ofSeconds(10);

	/** Just past an instant of the schedule, so the next check finds it due. */
	static final Duration STEP = Duration.ofMillis(100);

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	MutableClock clock;

	@Autowired
	KeyRotation rotation;

	@Test
	void rotationPrePublishesSwitchesAndRetires() throws Exception {
		Http http = new Http(this.issuer);
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "rotation", Set.of(), Set.of(), Set.of(AUDIENCE)));
		String firstKid = kid(token(http, client));
		SigningKey first = key(firstKid);
		Instant periodEnds = first.getActivatedAt().plus(Duration.ofSeconds(8));

		// the pre-publication lead (4 s before the period ends): the next key is
		// published
		// while tokens are still signed with the first
		this.clock.advanceTo(periodEnds.minus(Duration.ofSeconds(4)).plus(STEP));
		List<String> published = Poll.await(WAIT, () -> {
			List<String> kids = Poll.jwksKids(http);
			return kids.size() >= 2 ? kids : null;
		});
		String beforeRotation = token(http, client);
		assertThat(kid(beforeRotation)).isEqualTo(firstKid);
		String nextKid = published.stream().filter(kid -> !kid.equals(firstKid)).findFirst().orElseThrow();
		assertThat(key(nextKid).getStatus()).isEqualTo(SigningKeyStatus.NEXT);

		// the period has ended and the next key has been published for the lead: it signs
		Instant publishedFor = key(nextKid).getCreatedAt().plus(Duration.ofSeconds(4));
		this.clock.advanceTo((periodEnds.isAfter(publishedFor) ? periodEnds : publishedFor).plus(STEP));
		Poll.await(WAIT, () -> kid(token(http, client)).equals(nextKid) ? true : null);
		assertThat(Poll.jwksKids(http)).contains(firstKid, nextKid);
		// a token signed before the rotation still verifies through the JWKS, fetched
		// fresh
		ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE).decode(beforeRotation);

		// the first key leaves the JWKS once its tokens have expired and caches refreshed
		// (token lifetime 6 s + JWKS max-age 1 s + refresh interval 1 s after the switch)
		SigningKey retiring = key(firstKid);
		assertThat(retiring.getStatus()).isEqualTo(SigningKeyStatus.RETIRING);
		assertThat(retiring.getRetiresAt()).isEqualTo(key(nextKid).getActivatedAt().plus(Duration.ofSeconds(8)));
		this.clock.advanceTo(retiring.getRetiresAt().plus(STEP));
		Poll.await(WAIT, () -> Poll.jwksKids(http).contains(firstKid) ? null : true);
		assertThat(Poll.jwksKids(http)).contains(nextKid);
	}

	SigningKey key(String kid) {
		return this.rotation.list().stream().filter(key -> key.getKid().equals(kid)).findFirst().orElseThrow();
	}

	static String token(Http http, IssuedSecret client) {
		Http.Response response = http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(ex);
		}
	}

}
