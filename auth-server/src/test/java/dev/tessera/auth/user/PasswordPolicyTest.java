package dev.tessera.auth.user;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The password policy against the list shipped with the server. */
class PasswordPolicyTest {

	static final PasswordPolicy policy = PasswordPolicy.withShippedList();

	static List<String> messages(String username, String password) {
		List<FieldProblem> problems = policy.problems(username, password);
		assertThat(problems).allSatisfy(problem -> assertThat(problem.field()).isEqualTo("password"));
		return problems.stream().map(FieldProblem::message).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a long test password 4 sign-in", "correct horse battery staple", "tr0ub4dor&3-xyzzy",
			"Zebra Quartz Mango 71", "ünïcödé pässwörd ✓", "twelve chars" })
	void acceptsLongUncommonPasswords(String password) {
		assertThat(policy.problems("alice", password)).isEmpty();
	}

	@Test
	void refusesFewerThan12CharactersCountingCodePoints() {
		assertThat(messages("alice", "elevenchars")).containsExactly("must have at least 12 characters");
		assertThat(policy.problems("alice", "twelve chars")).isEmpty();
		// 11 characters outside the basic plane are 22 UTF-16 units, still too short
		assertThat(messages("alice", "😀".repeat(10) + "x")).contains("must have at least 12 characters");
	}

	@Test
	void refusesMoreThan1000Characters() {
		String words = "horse battery staple ";
		String long1000 = words.repeat(50).substring(0, 999) + "z";
		assertThat(long1000).hasSize(1000);
		assertThat(policy.problems("alice", long1000)).isEmpty();
		assertThat(messages("alice", long1000 + "q")).containsExactly("must have at most 1000 characters");
	}

	@Test
	void refusesAMissingPassword() {
		assertThat(messages("alice", null)).containsExactly("is required");
		assertThat(messages("alice", "")).containsExactly("is required");
	}

	@Test
	void refusesTheUsernameInAnyCaseContainingItOrPartOfIt() {
		assertThat(messages("Margaret.Hamilton", "margaret.hamilton"))
			.containsExactly("must not be the username, contain it or be part of it");
		assertThat(messages("margaret", "my name is MARGARET!"))
			.containsExactly("must not be the username, contain it or be part of it");
		assertThat(messages("margaret.hamilton.apollo", "hamilton.apollo"))
			.containsExactly("must not be the username, contain it or be part of it");
		// a very short username is only compared whole
		assertThat(policy.problems("bob", "bobsled season starts")).isEmpty();
		assertThat(messages("bobbobbobbob", "BobBobBobBob"))
			.contains("must not be the username, contain it or be part of it");
	}

	@Test
	void refusesCommonPasswordsInAnyCase() {
		assertThat(messages("alice", "unbelievable")).containsExactly("is one of the most common passwords");
		assertThat(messages("alice", "UnBelievable")).containsExactly("is one of the most common passwords");
		assertThat(messages("alice", "password")).containsExactly("must have at least 12 characters",
				"is one of the most common passwords");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Password1234", "password123!", "!!Dragon2024!!", "2024-football-2024", "qwerty1234567",
			"1234567890123", "!!1234567890", "123456789012" })
	void refusesCommonPasswordsWithOnlyDigitsOrSymbolsAdded(String password) {
		assertThat(messages("alice", password))
			.containsExactly("is one of the most common passwords with only digits or symbols added");
	}

	@ParameterizedTest
	@ValueSource(strings = { "aaaaaaaaaaaa", "abcabcabcabc", "121212121212", "xyzzy-xyzzy-xyzzy-" })
	void refusesAShorterSequenceRepeated(String password) {
		assertThat(messages("alice", password))
			.containsExactly("must not be a shorter sequence of characters repeated");
	}

	@Test
	void theShippedListHoldsTheBestKnownPasswords() {
		for (String common : List.of("123456", "qwerty", "letmein", "monkey", "dragon", "baseball", "trustno1",
				"iloveyou")) {
			assertThat(messages("alice", common)).contains("is one of the most common passwords");
		}
	}

	@Test
	void aGivenListIsComparedCaseInsensitively() {
		PasswordPolicy tiny = new PasswordPolicy(Set.of("Sesame-Open-Now"));
		assertThat(tiny.problems("alice", "sesame-open-now")).hasSize(1);
		assertThat(tiny.problems("alice", "SESAME-OPEN-NOW")).hasSize(1);
		assertThat(tiny.problems("alice", "sesame-open-later")).isEmpty();
	}

	@Test
	void aRefusalNamesThePasswordFieldAndNeverRepeatsThePassword() {
		String secret = "Football12345";
		assertThatExceptionOfType(InvalidInputProblem.class).isThrownBy(() -> policy.check("alice", secret))
			.satisfies(problem -> {
				assertThat(problem.getProblems()).extracting(FieldProblem::field).containsOnly("password");
				assertThat(problem.getMessage()).doesNotContainIgnoringCase(secret)
					.doesNotContainIgnoringCase("football");
				assertThat(problem.getBody().toString()).doesNotContainIgnoringCase(secret);
			});
	}

}
