package dev.tessera.samples.oauth2;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * Spring Security's {@link OAuth2ErrorResponseErrorHandler} for a token endpoint
 * {@code RestClient}, except that the OAuth error of a {@code 401} is read too.
 * <p>
 * RFC 6749 §5.2 has the server answer {@code invalid_client} with {@code 401} when the
 * client authenticated with the {@code Authorization} header, and Tessera answers every
 * refused client authentication that way (a wrong or expired secret, an unknown key, a
 * certificate that is not the registered one). Spring's handler reads the error body of a
 * {@code 400} only and reports anything else as {@code invalid_token_response} "401
 * Unauthorized", hiding the reason. With this handler a refused client arrives as
 * {@code invalid_client} with Tessera's description, like any other token error.
 * <p>
 * A {@code 401} without a JSON body (a proxy's page, say) and every other status are left
 * to Spring's handler. Shared by the client credentials, JWT-bearer and mTLS samples;
 * created with {@code new} where a token client's {@code RestClient} is built, not a
 * bean.
 */
public final class TokenEndpointErrorHandler extends OAuth2ErrorResponseErrorHandler {

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void handleError(URI url, HttpMethod method, ClientHttpResponse response) throws IOException {
		if (response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED) && isJson(response)) {
			// the body, not WWW-Authenticate: for a token endpoint that header names the
			// client authentication scheme (Basic), not a bearer token error
			throw new OAuth2AuthorizationException(this.errors.read(OAuth2Error.class, response));
		}
		super.handleError(url, method, response);
	}

	private static boolean isJson(ClientHttpResponse response) {
		MediaType type = response.getHeaders().getContentType();
		return type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type);
	}

}
