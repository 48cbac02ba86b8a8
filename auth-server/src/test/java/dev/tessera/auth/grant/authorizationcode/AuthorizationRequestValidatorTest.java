package dev.tessera.auth.grant.authorizationcode;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the authorization request validator refuses before Spring's checks (nothing fit
 * for a redirect) and after them (parameters asking for what Tessera does not do), as
 * plain rules.
 */
class AuthorizationRequestValidatorTest {

	static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

	static OAuth2AuthorizationCodeRequestAuthenticationToken request(String redirectUri, String state,
			Map<String, Object> parameters) {
		return new OAuth2AuthorizationCodeRequestAuthenticationToken("http://localhost/oauth2/authorize", "cli",
				new AnonymousAuthenticationToken("k", "anonymous",
						AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")),
				redirectUri, state, Set.of("openid"), parameters);
	}

	@Test
	void aRedirectUriSpringCannotReadIsNotRedirectedTo() {
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request("http://127.0.0.1:/cb", "s", Map.of())))
			.isEqualTo("redirect_uri is not a valid URI");
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request("http://127.0.0.1:8080/cb", "s", Map.of())))
			.isNull();
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request(null, "s", Map.of()))).isNull();
	}

	@Test
	void aStateOrNonceTooLongToEchoIsNotRedirected() {
		String tooLong = "x".repeat(AuthorizationRequestValidator.MAX_ECHOED_LENGTH + 1);
		String longest = "x".repeat(AuthorizationRequestValidator.MAX_ECHOED_LENGTH);
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request(null, tooLong, Map.of()))).contains("state");
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request(null, longest, Map.of()))).isNull();
		assertThat(AuthorizationRequestValidator.unfitForRedirect(request(null, "s", Map.of("nonce", tooLong))))
			.contains("nonce");
	}

	@Test
	void whatTesseraDoesNotDoIsRefusedNotIgnored() {
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("request", "eyJ...")))
			.startsWith("request objects");
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("response_mode", "form_post")))
			.contains("response_mode=query");
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("response_mode", "query"))).isNull();
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("code_challenge", "abc")))
			.contains("code_challenge");
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("code_challenge", "!".repeat(43))))
			.contains("code_challenge");
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("code_challenge", "A".repeat(129))))
			.contains("code_challenge");
		assertThat(AuthorizationRequestValidator.unsupportedParameter(Map.of("code_challenge", CHALLENGE))).isNull();
	}

}
