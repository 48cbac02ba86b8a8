package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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

import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.web.RfcText;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one active-token check refuses with a reason a caller can act on; the admin API's
 * variant takes only tokens addressed to the issuer alone. Plain keys, a fixed clock and
 * an in-memory client and deny list, no server.
 */
class ActiveAccessTokensTest {

	static final String ISSUER = "https://auth.example";

	static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	final ECKey key = generate("k1");

	final ECKey stranger = generate("k2");

	final Set<String> revoked = new HashSet<>();

	final AtomicInteger lookups = new AtomicInteger();

	Optional<ClientRecord> client = Optional.of(client(true));

	/** The trusted issuers, by identifier. */
	final Map<String, TrustedIssuer> partners = new HashMap<>();

	final ActiveAccessTokens tokens = new ActiveAccessTokens(new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK())),
			ISSUER, Clock.fixed(NOW, ZoneOffset.UTC), clientId -> {
				this.lookups.incrementAndGet();
				return "c1".equals(clientId) ? this.client : Optional.empty();
			}, this.revoked::contains, (issuer) -> Optional.ofNullable(this.partners.get(issuer)));

	final ActiveAccessTokens decoder = this.tokens.addressedToIssuerAlone();

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
		assertThatThrownBy(() -> this.decoder.decode(clientIdAudience))
			.hasMessageContaining("aud [c1] is not the issuer");
		assertThat(this.tokens.decode(token).getAudience()).as("introspection takes any audience")
			.contains("https://partner.example");
	}

	@Test
	void eachReasonIsNamed() {
		assertThatThrownBy(() -> this.decoder.decode("not-a-jwt")).hasMessageContaining("not a signed JWT");
		assertThatThrownBy(() -> this.decoder.decode(token(this.key, "JWT", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("typ is not at+jwt");
		assertThatThrownBy(
				() -> this.decoder.decode(token(this.stranger, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("key this server does not publish");
		ECKey forger = generate("k1"); // the published kid, another private key
		assertThatThrownBy(() -> this.decoder.decode(token(forger, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60))))
			.hasMessageContaining("signature does not verify");
		assertThatThrownBy(() -> this.decoder.decode(token(this.key, "at+jwt", List.of(ISSUER), NOW.minusSeconds(1))))
			.hasMessageContaining("expired at " + NOW.minusSeconds(1));
		String active = token(this.key, "at+jwt", List.of(ISSUER), NOW.plusSeconds(60));
		this.revoked.add("j1");
		assertThatThrownBy(() -> this.decoder.decode(active)).isInstanceOf(JwtValidationException.class)
			.hasMessage("The token has been revoked");
		this.client = Optional.of(client(false));
		assertThatThrownBy(() -> this.decoder.decode(active)).hasMessage("The token's client is disabled");
		this.client = Optional.empty();
		assertThatThrownBy(() -> this.tokens.decode(active)).hasMessage("The token's client no longer exists");
	}

	@Test
	void aTokenIssuedOnAPartnersAssertionLivesOnlyWhileTheTrustHolds() throws Exception {
		String partner = "https://idp.partner.example";
		UUID trust = UUID.randomUUID();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID())
					.type(new JOSEObjectType("at+jwt"))
					.build(),
				new JWTClaimsSet.Builder().issuer(ISSUER)
					.subject("acme:alice")
					.audience("https://api.example")
					.claim("client_id", "c1")
					.claim(PartnerSubject.PARTNER_CLAIM, partner)
					.claim(PartnerSubject.TRUST_CLAIM, trust.toString())
					.jwtID("j2")
					.issueTime(Date.from(NOW.minusSeconds(10)))
					.expirationTime(Date.from(NOW.plusSeconds(60)))
					.build());
		jwt.sign(new ECDSASigner(this.key));
		String token = jwt.serialize();
		assertThatThrownBy(() -> this.tokens.verify(token)).as("issuer not registered")
			.hasMessageContaining("trusted issuer is no longer registered");
		this.partners.put(partner, partner(trust, partner, Set.of("c1")));
		assertThat(this.tokens.verify(token).jwt().getSubject()).isEqualTo("acme:alice");
		this.partners.put(partner, partner(trust, partner, Set.of("someone-else")));
		assertThatThrownBy(() -> this.tokens.verify(token)).hasMessageContaining("no longer allows the token's client");
		this.partners.put(partner, partner(UUID.randomUUID(), partner, Set.of("c1")));
		assertThatThrownBy(() -> this.tokens.verify(token)).as("the issuer deleted and registered again")
			.hasMessageContaining("trusted issuer is no longer registered");
	}

	static TrustedIssuer partner(UUID id, String issuer, Set<String> clients) {
		return new TrustedIssuer(id, issuer, "{\"keys\":[]}", null, List.of(ISSUER), clients, Set.of(),
				Duration.ofMinutes(5), "acme:");
	}

	@Test
	void introspectionGetsTheClientFromTheOneLookup() {
		ActiveAccessTokens.ActiveAccessToken active = this.tokens
			.verify(token(this.key, "at+jwt", List.of("https://partner.example"), NOW.plusSeconds(60)));
		assertThat(active.client().registeredClient().getClientId()).isEqualTo("c1");
		assertThat(this.lookups).hasValue(1);
		assertThatThrownBy(() -> this.tokens.verify(token(this.key, "at+jwt", List.of(ISSUER), NOW.minusSeconds(1))))
			.isInstanceOf(BadJwtException.class);
		assertThat(this.lookups).as("no lookup for a token refused before").hasValue(1);
	}

	@Test
	void reasonsNeverCarryCharactersAHeaderCannotHold() {
		assertThat(RfcText.description("aud [\"x\\y\"] \u00e9\n")).isEqualTo("aud [?x?y?] ??");
	}

	static ClientRecord client(boolean enabled) {
		RegisteredClient client = RegisteredClient.withId("id-1")
			.clientId("c1")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		return new ClientRecord(client, enabled, List.of(), null, null);
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
					new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID())
						.type(new JOSEObjectType(typ))
						.build(),
					new JWTClaimsSet.Builder().issuer(ISSUER)
						.subject("c1")
						.audience(audience)
						.claim("client_id", "c1")
						.jwtID("j1")
						.issueTime(Date.from(NOW.minusSeconds(10)))
						.expirationTime(Date.from(expiresAt))
						.build());
			jwt.sign(new ECDSASigner(signer));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
