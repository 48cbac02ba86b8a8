package dev.tessera.auth.bootstrap;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.user.PasswordPolicy;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The bootstrap admin is held to the rules of every other user: a start with a weak
 * password stops, saying why, without repeating the password.
 */
class BootstrapAdminCheckTest {

	static final PasswordPolicy policy = PasswordPolicy.withShippedList();

	@Test
	void aGoodUsernameAndPasswordPass() {
		assertThatNoException().isThrownBy(() -> Bootstrap.checkAdmin("admin", "a long bootstrap passphrase", policy));
	}

	@Test
	void aShortCommonOrMissingPasswordStopsTheStart() {
		assertThatIllegalStateException().isThrownBy(() -> Bootstrap.checkAdmin("admin", "xq7-zv", policy))
			.withMessage("TESSERA_BOOTSTRAP_ADMIN_PASSWORD must have at least 12 characters; "
					+ "the admin user was not created");
		assertThatIllegalStateException().isThrownBy(() -> Bootstrap.checkAdmin("admin", "Unbelievable", policy))
			.withMessageContaining("TESSERA_BOOTSTRAP_ADMIN_PASSWORD is one of the most common passwords")
			.withMessageNotContaining("Unbelievable");
		assertThatIllegalStateException().isThrownBy(() -> Bootstrap.checkAdmin("admin", null, policy))
			.withMessageContaining("TESSERA_BOOTSTRAP_ADMIN_PASSWORD is required");
		assertThatIllegalStateException()
			.isThrownBy(() -> Bootstrap.checkAdmin("administrator", "administrator-2024", policy))
			.withMessageContaining("must not be the username");
	}

	@Test
	void aUsernameOutsideTheUsernameRulesStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Bootstrap.checkAdmin("the admin", "a long bootstrap passphrase", policy))
			.withMessageStartingWith("TESSERA_BOOTSTRAP_ADMIN_USERNAME may contain only");
	}

}
