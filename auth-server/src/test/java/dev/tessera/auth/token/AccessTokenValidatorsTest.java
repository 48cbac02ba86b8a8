package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's RFC 9068 rules with this server's clock, no skew and plain-worded reasons. No
 * server.
 */
class AccessTokenValidatorsTest {

	static final String ISSUER = "https://auth.example";

	static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	final OAuth2TokenValidator<Jwt> rules = AccessTokenValidators.accessToken(ISSUER, Clock.fixed(NOW, ZoneOffset.UTC),
			AccessTokenValidators.anyAudience());

	@Test
	void aCurrentAccessTokenOfThisIssuerPasses() {
		assertThat(this.rules.validate(token().build()).hasErrors()).isFalse();
		assertThat(this.rules.validate(token().header("typ", "application/at+jwt").build()).hasErrors()).isFalse();
	}

	@Test
	void theTypeMustBeAtJwt() {
		assertThat(reason(token().header("typ", "JWT").build())).isEqualTo(AccessTokenValidators.NOT_AN_ACCESS_TOKEN);
	}

	@Test
	void theIssuerMustBeThisServer() {
		assertThat(reason(token().issuer("https://other.example").build()))
			.isEqualTo("The token was issued by another issuer, not " + ISSUER);
	}

	@Test
	void timeIsJudgedByTheServersClockWithoutSkew() {
		assertThat(reason(token().expiresAt(NOW.minusSeconds(1)).build()))
			.isEqualTo("The token expired at " + NOW.minusSeconds(1));
		assertThat(reason(token().notBefore(NOW.plusSeconds(1)).build()))
			.isEqualTo("The token is not valid before " + NOW.plusSeconds(1));
		assertThat(reason(token().claims(claims -> claims.remove("exp")).build())).isEqualTo("The token has no expiry");
	}

	@Test
	void theClaimsOfRfc9068AreRequired() {
		for (String claim : List.of("sub", "jti", "client_id", "iat")) {
			assertThat(this.rules.validate(token().claims(claims -> claims.remove(claim)).build()).hasErrors())
				.as(claim)
				.isTrue();
		}
	}

	@Test
	void theAudienceRuleIsTheCallers() {
		OAuth2TokenValidator<Jwt> admin = AccessTokenValidators.accessToken(ISSUER, Clock.fixed(NOW, ZoneOffset.UTC),
				new IssuerAudienceValidator(ISSUER));
		assertThat(reason(admin, token().audience(List.of("https://partner.example")).build()))
			.startsWith("The token's aud [https://partner.example] is not the issuer " + ISSUER + " alone");
		assertThat(admin.validate(token().build()).hasErrors()).isFalse();
	}

	String reason(Jwt jwt) {
		return reason(this.rules, jwt);
	}

	static String reason(OAuth2TokenValidator<Jwt> validator, Jwt jwt) {
		OAuth2TokenValidatorResult result = validator.validate(jwt);
		assertThat(result.hasErrors()).isTrue();
		return result.getErrors().iterator().next().getDescription();
	}

	static Jwt.Builder token() {
		return Jwt.withTokenValue("t")
			.header("alg", "ES256")
			.header("typ", "at+jwt")
			.issuer(ISSUER)
			.subject("c1")
			.audience(List.of(ISSUER))
			.claim("client_id", "c1")
			.jti("j1")
			.issuedAt(NOW.minusSeconds(10))
			.expiresAt(NOW.plusSeconds(60));
	}

}
