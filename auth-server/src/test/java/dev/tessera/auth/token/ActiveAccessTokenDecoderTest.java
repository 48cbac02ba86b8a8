package dev.tessera.auth.token;

import dev.tessera.auth.web.RfcText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API's decoder refuses with a reason a caller can act on, and takes only
 * tokens addressed to the issuer alone. Plain keys and a fixed clock, no server.
 */
class ActiveAccessTokenDecoderTest {

	static final String ISSUER = "https://auth.example";

	static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	final ECKey key = generate("k1");

	final ECKey stranger = generate("k2");

	final TokenVerifier verifier = new TokenVerifier(new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK())), ISSUER,
			Clock.fixed(NOW, ZoneOffset.UTC));

	Optional<String> inactive = Optional.empty();

	final TokenActivity activity = new TokenActivity(null, null) {
		@Override
		public Optional<String> inactiveReason(Jwt jwt) {
			return ActiveAccessTokenDecoderTest.this.inactive;
		}
	};

	final ActiveAccessTokenDecoder decoder = new ActiveAccessTokenDecoder(this.verifier, this.activity, ISSUER);

	@Test
	void aTokenForTheIssuerAloneIsAccepted() {
		assertThat(this.decoder.decode(token(this.key, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))).getSubject())
			.isEqualTo("c1");
	}

	@Test
	void aTokenAlsoAddressedToAnotherAudienceIsRefusedAndTheReasonSaysHowToGetTheRightOne() {
		String token = token(this.key, "at+jwt", List.of(ISSUER, "https://partner.example"), NOW.plusSeconds(60));
		assertThatThrownBy(() -> this.decoder.decode(token)).isInstanceOf(BadJwtException.class)
			.hasMessageContaining("aud [" + ISSUER + ", https://partner.example]")
			.hasMessageContaining("admin scopes alone");
		String clientIdAudience = token(this.key, "at+jwt", List.of("c1"), NOW.plusSeconds(60));
		assertThatThrownBy(() -> this.decoder.decode(clientIdAudience)).hasMessageContaining("aud [c1] is not the issuer");
	}

	@Test
	void eachReasonIsNamed() {
		assertThatThrownBy(() -> this.decoder.decode("not-a-jwt")).hasMessageContaining("not a signed JWT");
		assertThatThrownBy(() -> this.decoder.decode(token(this.key, "JWT", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("typ is not at+jwt");
		assertThatThrownBy(() -> this.decoder.decode(token(this.stranger, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("key this server does not publish");
		ECKey forger = generate("k1"); // the published kid, another private key
		assertThatThrownBy(() -> this.decoder.decode(token(forger, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("signature does not verify");
		assertThatThrownBy(() -> this.decoder.decode(token(this.key, "at+jwt", List.of(ISSUER), NOW.minusSeconds(1))))
			.hasMessageContaining("expired at " + NOW.minusSeconds(1));
		this.inactive = Optional.of("The token has been revoked");
		assertThatThrownBy(() -> this.decoder.decode(token(this.key, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessage("The token has been revoked");
	}

	@Test
	void reasonsNeverCarryCharactersAHeaderCannotHold() {
		assertThat(RfcText.description("aud [\"x\\y\"] \u00e9\n")).isEqualTo("aud [?x?y?] ??");
	}

	static ECKey generate(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String token(ECKey signer, String typ, List<String> audience, Instant expiresAt) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).type(new JOSEObjectType(typ))
						.build(),
					new JWTClaimsSet.Builder().issuer(ISSUER).subject("c1").audience(audience)
						.claim("client_id", "c1").jwtID("j1").issueTime(Date.from(NOW.minusSeconds(10)))
						.expirationTime(Date.from(expiresAt)).build());
			jwt.sign(new ECDSASigner(signer));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
