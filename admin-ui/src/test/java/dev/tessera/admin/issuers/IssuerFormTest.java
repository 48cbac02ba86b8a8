package dev.tessera.admin.issuers;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class IssuerFormTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void createSendsOnlyTheGivenOptionalFields() {
		IssuerForm form = new IssuerForm("https://idp.example", "", "https://idp.example/jwks", "a\nb, c", "client-1",
				List.of("read"), "", "");

		assertThat(form.problems(this.json)).isEmpty();
		assertThat(form.createBody(this.json)).containsEntry("audiences", List.of("a", "b", "c"))
			.containsEntry("allowedClientIds", List.of("client-1"))
			.containsEntry("jwksUri", "https://idp.example/jwks")
			.doesNotContainKeys("jwks", "maxAssertionLifetimeSeconds", "subjectPrefix");
	}

	@Test
	void aChangeRemovesEmptiedOptionalFields() {
		IssuerForm form = new IssuerForm("https://idp.example", "{\"keys\":[]}", "", "", "", List.of(), "300", "");

		Map<String, Object> patch = form.patchBody(this.json);

		assertThat(patch).containsEntry("jwksUri", null)
			.containsEntry("subjectPrefix", null)
			.containsEntry("maxAssertionLifetimeSeconds", 300);
		assertThat(patch.get("jwks")).isEqualTo(Map.of("keys", List.of()));
	}

	@Test
	void jsonThatDoesNotParseAndLifetimesThatAreNoNumbersAreRefusedByTheConsole() {
		IssuerForm form = new IssuerForm("https://idp.example", "{keys", "", "", "", List.of(), "5 minutes", "");

		assertThat(form.problems(this.json)).containsOnlyKeys("jwks", "maxAssertionLifetimeSeconds");
	}

}
