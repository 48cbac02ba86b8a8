package dev.tessera.admin.users;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserFormTest {

	@Test
	void aChangeSendsThePasswordOnlyWhenANewOneIsGiven() {
		assertThat(new UserForm("alice", "", List.of("AUDITOR"), true).patchBody()).containsOnlyKeys("roles",
				"enabled");
		assertThat(new UserForm("alice", "New-Password-1", List.of(), false).patchBody()).containsEntry("password",
				"New-Password-1");
	}

	@Test
	void aRefusedFormIsShownAgainWithoutThePassword() {
		UserForm shown = new UserForm(" alice ", "secret", null, true).withoutPassword();

		assertThat(shown.username()).isEqualTo("alice");
		assertThat(shown.password()).isEmpty();
		assertThat(shown.roles()).isEmpty();
	}

}
