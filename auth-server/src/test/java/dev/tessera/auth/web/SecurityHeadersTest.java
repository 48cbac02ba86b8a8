package dev.tessera.auth.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HSTS on HTTPS: a request over TLS, or any request when the issuer is https (a proxy
 * terminates TLS in front, and the request the server sees is never secure).
 */
class SecurityHeadersTest {

	@Test
	void plainHttpIssuerWritesHstsOnlyOnSecureRequests() {
		SecurityHeaders headers = SecurityHeaders.forIssuer("http://localhost:9000");
		assertThat(write(headers, false).getHeader("Strict-Transport-Security")).isNull();
		assertThat(write(headers, true).getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
	}

	@Test
	void httpsIssuerWritesHstsOnEveryResponse() {
		SecurityHeaders headers = SecurityHeaders.forIssuer("https://auth.example.com");
		assertThat(write(headers, false).getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
	}

	@Test
	void frameDenialAndNosniffAlwaysAndWhatIsSetStays() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("X-Frame-Options", "SAMEORIGIN");
		new SecurityHeaders(false).write(new MockHttpServletRequest(), response);
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeaderValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(write(new SecurityHeaders(false), false).getHeader("X-Frame-Options")).isEqualTo("DENY");
	}

	private static MockHttpServletResponse write(SecurityHeaders headers, boolean secure) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSecure(secure);
		MockHttpServletResponse response = new MockHttpServletResponse();
		headers.write(request, response);
		return response;
	}

}
