package dev.tessera.auth.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.support.Http;

import org.springframework.mock.web.MockHttpServletRequest;

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
			.satisfies(error -> assertThat(error.getErrorCode()).isEqualTo("invalid_request"))
			.satisfies(error -> assertThat(error.getDescription())
				.isEqualTo("The client_assertion is larger than 2048 bytes"));
		assertThat(StrictFormFilter.sizeProblem(form("assertion", new String[] { "\u00e9".repeat(1025) }), limits))
			.as("counted in UTF-8 bytes")
			.satisfies(
					error -> assertThat(error.getDescription()).isEqualTo("The assertion is larger than 2048 bytes"));
		assertThat(StrictFormFilter.sizeProblem(form("scope", new String[] { " a  b c " }), limits)).isNull();
		assertThat(StrictFormFilter.sizeProblem(form("scope", new String[] { "a b c d" }), limits))
			.satisfies(error -> assertThat(error.getErrorCode()).isEqualTo("invalid_scope"))
			.satisfies(error -> assertThat(error.getDescription()).isEqualTo("The scope names more than 3 scopes"));
		assertThat(StrictFormFilter.sizeProblem(form("scope", new String[] { "  a   b  c  " }), limits))
			.as("runs of spaces count once")
			.isNull();
	}

	@Test
	void aFormClientIdOtherThanTheBasicUserIsRefused() {
		String basic = Http.basic("victim", "guess");
		assertThat(StrictFormFilter.clientIdProblem(basic, form("client_id", new String[] { "random-1" })))
			.isEqualTo("client_id does not match the client authenticated by HTTP Basic");
		assertThat(StrictFormFilter.clientIdProblem(basic, form("client_id", new String[] { "victim" }))).isNull();
		assertThat(StrictFormFilter.clientIdProblem(basic, form("grant_type", new String[] { "client_credentials" })))
			.isNull();
		assertThat(StrictFormFilter.clientIdProblem(null, form("client_id", new String[] { "anyone" }))).isNull();
		assertThat(StrictFormFilter.clientIdProblem("Bearer x", form("client_id", new String[] { "anyone" }))).isNull();
	}

	@Test
	void theClaimedClientIdIsTheBasicUserWheneverTheHeaderParsesAsSpringParsesIt() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.addParameter("client_id", "random-1");
		request.addHeader("Authorization", Http.basic("victim id", "guess"));
		assertThat(ProtocolAuditing.claimedClientId(request)).isEqualTo("victim id");

		MockHttpServletRequest noSecret = new MockHttpServletRequest("POST", "/oauth2/token");
		noSecret.addParameter("client_id", "form-id");
		noSecret.addHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("victim".getBytes(StandardCharsets.UTF_8)));
		assertThat(ProtocolAuditing.claimedClientId(noSecret)).as("not a Basic header Spring accepts")
			.isEqualTo("form-id");

		assertThat(ProtocolAuditing
			.basicUser("basic " + Base64.getEncoder().encodeToString("a%20b:c".getBytes(StandardCharsets.UTF_8))))
			.isEqualTo("a b");
		assertThat(ProtocolAuditing.basicUser("Basic not-base64!")).isNull();
		assertThat(ProtocolAuditing.basicUser("Basic")).isNull();
	}

}
