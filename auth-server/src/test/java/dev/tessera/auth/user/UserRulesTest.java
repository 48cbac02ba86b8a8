package dev.tessera.auth.user;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.ForbiddenProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The rules for a person and for who may change one, without storage. */
class UserRulesTest {

	static final String PASSWORD = "a perfectly fine passphrase";

	final UserRules rules = new UserRules(PasswordPolicy.withShippedList());

	static List<String> fields(InvalidInputProblem problem) {
		return problem.getProblems().stream().map(FieldProblem::field).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "alice", "Alice.Smith", "a_b-c@example.org", "0123" })
	void acceptsUsernamesOfTheAllowedCharacters(String username) {
		assertThat(UserRules.usernameProblems(username)).isEmpty();
		assertThat(UserRules.usernameProblems("u".repeat(100))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "with space", "slash/name", "percent%20", "émile", "semi;colon", "new\nline", ".",
			"..", "..." })
	void refusesOtherUsernames(String username) {
		assertThat(UserRules.usernameProblems(username)).extracting(FieldProblem::field).containsExactly("username");
		assertThat(UserRules.usernameProblems(null)).extracting(FieldProblem::message).containsExactly("is required");
		assertThat(UserRules.usernameProblems("u".repeat(101))).extracting(FieldProblem::message)
			.containsExactly("must have at most 100 characters");
	}

	@Test
	void aNewPersonNeedsEveryFieldRightAndAllProblemsAreListed() {
		assertThat(this.rules.checkNew(new UserDraft("alice", PASSWORD, Set.of("USER", "AUDITOR"), null)))
			.containsExactly(Role.AUDITOR, Role.USER);
		assertThat(this.rules.checkNew(new UserDraft("alice", PASSWORD, Set.of(), false))).isEmpty();
		assertThatExceptionOfType(InvalidInputProblem.class)
			.isThrownBy(() -> this.rules.checkNew(new UserDraft("no good", "xq7-zv", null, null)))
			.satisfies(problem -> assertThat(fields(problem)).containsExactly("username", "password", "roles"));
		assertThatExceptionOfType(InvalidInputProblem.class)
			.isThrownBy(() -> this.rules.checkNew(
					new UserDraft("alice", PASSWORD, new LinkedHashSet<>(Arrays.asList("ROOT", null, "admin")), null)))
			.satisfies(problem -> {
				assertThat(fields(problem)).containsExactly("roles");
				assertThat(problem.getMessage()).contains("'ROOT'", "'admin'", "null", "ADMIN, AUDITOR and USER");
			});
	}

	@Test
	void aPatchIsCheckedOnlyForWhatItNames() {
		assertThat(this.rules.checkPatch("alice", new UserPatch(null, null, Optional.of(false)))).isNull();
		assertThat(this.rules.checkPatch("alice",
				new UserPatch(Optional.of(PASSWORD), Optional.of(Set.of("ADMIN")), null)))
			.containsExactly(Role.ADMIN);
		assertThatExceptionOfType(InvalidInputProblem.class)
			.isThrownBy(() -> this.rules.checkPatch("alice",
					new UserPatch(Optional.of("alice-password-1"), Optional.empty(), Optional.empty())))
			.satisfies(problem -> assertThat(fields(problem)).containsExactly("password", "roles", "enabled"));
		assertThatExceptionOfType(InvalidInputProblem.class)
			.isThrownBy(() -> this.rules.checkPatch("alice", new UserPatch(Optional.empty(), null, null)))
			.satisfies(problem -> assertThat(problem.getMessage()).isEqualTo("password: is required"));
	}

	@Test
	void aCallerGivesOrTouchesOnlyRolesItsTokenCovers() {
		Set<String> usersOnly = Set.of("admin:users");
		assertThatNoException().isThrownBy(() -> UserRules.requireCallerCovers(Set.of(Role.USER), usersOnly, "give"));
		assertThatNoException().isThrownBy(() -> UserRules.requireCallerCovers(Set.of(), usersOnly, "give"));
		assertThatExceptionOfType(ForbiddenProblem.class)
			.isThrownBy(() -> UserRules.requireCallerCovers(Set.of(Role.USER, Role.ADMIN), usersOnly, "give the role"))
			.withMessageContaining("give the role ADMIN")
			.withMessageContaining("admin:clients, admin:keys, admin:read, audit:read");
		assertThatExceptionOfType(ForbiddenProblem.class)
			.isThrownBy(() -> UserRules.requireCallerCovers(Set.of(Role.AUDITOR), Set.of("admin:users", "admin:read"),
					"give the role"))
			.withMessageEndingWith("lacks audit:read");
		assertThatNoException().isThrownBy(() -> UserRules.requireCallerCovers(Set.of(Role.AUDITOR),
				Set.of("admin:users", "admin:read", "audit:read"), "give the role"));
	}

}
