package dev.tessera.auth.token;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API takes tokens addressed to the issuer alone. No server. */
class IssuerAudienceValidatorTest {

	final IssuerAudienceValidator validator = new IssuerAudienceValidator(AccessTokenValidatorsTest.ISSUER);

	@Test
	void theIssuerAlonePasses() {
		assertThat(this.validator.validate(AccessTokenValidatorsTest.token().build()).hasErrors()).isFalse();
	}

	@Test
	void anyOtherAudienceIsRefusedWithHowToGetTheRightOne() {
		for (List<String> audience : List.of(List.of("c1"),
				List.of(AccessTokenValidatorsTest.ISSUER, "https://partner.example"))) {
			String reason = AccessTokenValidatorsTest.reason(this.validator,
					AccessTokenValidatorsTest.token().audience(audience).build());
			assertThat(reason).contains("aud " + audience + " is not the issuer").contains("admin scopes alone");
		}
		assertThat(this.validator
			.validate(AccessTokenValidatorsTest.token().claims(claims -> claims.remove("aud")).build())
			.hasErrors()).isTrue();
	}

}
