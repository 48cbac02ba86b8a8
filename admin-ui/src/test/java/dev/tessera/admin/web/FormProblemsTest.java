package dev.tessera.admin.web;

import java.util.Map;

import dev.tessera.admin.api.AdminApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormProblemsTest {

	@Test
	void fieldErrorsStayUnderTheirFields() {
		assertThat(FormProblems.of(new AdminApiException(400, "Bad Request", "invalid", Map.of("name", "taken"))))
			.containsExactly(Map.entry("name", "taken"));
	}

	@Test
	void aProblemNamingNoFieldIsTheFormsProblem() {
		assertThat(FormProblems.of(new AdminApiException(409, "Conflict", "in use", Map.of())))
			.containsExactly(Map.entry(FormProblems.FORM, "in use"));
	}

	@Test
	void anythingButAnInputProblemIsRethrown() {
		AdminApiException forbidden = new AdminApiException(403, "Forbidden", "no", Map.of());
		assertThatThrownBy(() -> FormProblems.of(forbidden)).isSameAs(forbidden);
	}

}
