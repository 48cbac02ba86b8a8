package dev.tessera.auth.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;

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

	@Test
	void assertionsAndScopesWithinTheLimitsPassAndAboveThemAreNamed() {
		TesseraProperties.Limits limits = new TesseraProperties.Limits(1024 * 1024, 8192, 2048, 3);
		assertThat(StrictFormFilter.sizeProblem(form("client_assertion", new String[] { "a".repeat(2048) }), limits))
			.isNull();
		assertThat(StrictFormFilter.sizeProblem(form("client_assertion", new String[] { "a".repeat(2049) }), limits))
			.isEqualTo("The client_assertion is larger than 2048 bytes");
		assertThat(StrictFormFilter.sizeProblem(form("assertion", new String[] { "\u00e9".repeat(1025) }), limits))
			.as("counted in UTF-8 bytes")
			.isEqualTo("The assertion is larger than 2048 bytes");
		assertThat(StrictFormFilter.sizeProblem(form("scope", new String[] { " a  b c " }), limits)).isNull();
		assertThat(StrictFormFilter.sizeProblem(form("scope", new String[] { "a b c d" }), limits))
			.isEqualTo("The scope names more than 3 scopes");
	}

}
