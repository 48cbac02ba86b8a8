package dev.tessera.auth.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6749 §3.2 on the token, introspection and revocation endpoints, as a plain rule:
 * parameters in the form body only, none repeated but RFC 8707's {@code resource}.
 * Spring's converters fail with a server error on a repeated {@code code} or a
 * {@code code_verifier} in the URL.
 */
class StrictFormFilterTest {

	static Map<String, List<String>> form(Object... nameValues) {
		Map<String, List<String>> form = new LinkedHashMap<>();
		for (int i = 0; i < nameValues.length; i += 2) {
			form.put((String) nameValues[i], List.of((String[]) nameValues[i + 1]));
		}
		return form;
	}

	@Test
	void parametersInTheUrlAreRefused() {
		assertThat(StrictFormFilter.clientRequestProblem("code_verifier=x",
				form("grant_type", new String[] { "authorization_code" })))
			.contains("never in the URL");
		assertThat(StrictFormFilter.clientRequestProblem(null, form("grant_type", new String[] { "refresh_token" })))
			.isNull();
		assertThat(StrictFormFilter.clientRequestProblem("", form("grant_type", new String[] { "refresh_token" })))
			.isNull();
	}

	@Test
	void aRepeatedParameterIsRefusedExceptResource() {
		assertThat(StrictFormFilter.clientRequestProblem(null, form("code", new String[] { "c", "c" })))
			.isEqualTo("The parameter 'code' is repeated");
		assertThat(StrictFormFilter.clientRequestProblem(null,
				form("resource", new String[] { "https://a.example", "https://b.example" })))
			.isNull();
	}

}
