package dev.tessera.samples.oauth2;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TokenEndpointErrorHandler} reads the OAuth error of a {@code 401} with a JSON
 * body (Tessera's {@code invalid_client}) as Spring reads that of a {@code 400}; a
 * {@code 401} without JSON stays Spring's HTTP error, and a {@code 400} is Spring's
 * handling unchanged.
 */
class TokenEndpointErrorHandlerTest {

	private static final URI TOKEN_ENDPOINT = URI.create("https://tessera.example/oauth2/token");

	private final TokenEndpointErrorHandler handler = new TokenEndpointErrorHandler();

	@Test
	void readsInvalidClientFromA401() throws Exception {
		MockClientHttpResponse response = json(HttpStatus.UNAUTHORIZED,
				"{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
		// what Tessera sends with it: the client authentication scheme, no bearer error
		response.getHeaders().set("WWW-Authenticate", "Basic realm=\"tessera\"");
		assertThat(this.handler.hasError(response)).isTrue();
		assertThatExceptionOfType(OAuth2AuthorizationException.class)
			.isThrownBy(() -> this.handler.handleError(TOKEN_ENDPOINT, HttpMethod.POST, response))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_client");
				assertThat(ex.getError().getDescription()).isEqualTo("Client authentication failed");
			});
	}

	@Test
	void leavesA401WithoutJsonToSpring() {
		MockClientHttpResponse response = new MockClientHttpResponse(
				"<html>Unauthorized</html>".getBytes(StandardCharsets.UTF_8), HttpStatus.UNAUTHORIZED);
		response.getHeaders().setContentType(MediaType.TEXT_HTML);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> this.handler.handleError(TOKEN_ENDPOINT, HttpMethod.POST, response));
	}

	@Test
	void readsA400AsSpringDoes() {
		MockClientHttpResponse response = json(HttpStatus.BAD_REQUEST,
				"{\"error\":\"invalid_scope\",\"error_description\":\"Not allowed: admin:write\"}");
		assertThatExceptionOfType(OAuth2AuthorizationException.class)
			.isThrownBy(() -> this.handler.handleError(TOKEN_ENDPOINT, HttpMethod.POST, response))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_scope");
				assertThat(ex.getError().getDescription()).isEqualTo("Not allowed: admin:write");
			});
	}

	@Test
	void leavesOtherStatusesToSpring() {
		MockClientHttpResponse response = json(HttpStatus.TOO_MANY_REQUESTS, "{\"error\":\"slow_down\"}");
		assertThatExceptionOfType(HttpClientErrorException.TooManyRequests.class)
			.isThrownBy(() -> this.handler.handleError(TOKEN_ENDPOINT, HttpMethod.POST, response));
	}

	private static MockClientHttpResponse json(HttpStatus status, String body) {
		MockClientHttpResponse response = new MockClientHttpResponse(body.getBytes(StandardCharsets.UTF_8), status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return response;
	}

}
