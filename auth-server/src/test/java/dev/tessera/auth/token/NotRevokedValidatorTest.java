package dev.tessera.auth.token;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A token on the deny list is refused, by its jti. No server. */
class NotRevokedValidatorTest {

	final NotRevokedValidator validator = new NotRevokedValidator(Set.of("revoked-jti")::contains);

	@Test
	void aTokenNotOnTheDenyListPasses() {
		assertThat(this.validator.validate(AccessTokenValidatorsTest.token().build()).hasErrors()).isFalse();
	}

	@Test
	void aRevokedTokenIsNamed() {
		assertThat(AccessTokenValidatorsTest.reason(this.validator,
				AccessTokenValidatorsTest.token().jti("revoked-jti").build()))
			.isEqualTo("The token has been revoked");
	}

}
