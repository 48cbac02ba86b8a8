package dev.tessera.samples.clientcredentials;

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
import org.springframework.web.client.ResponseErrorHandler;

/**
 * Spring's {@link OAuth2ErrorResponseErrorHandler}, except that a {@code 401} from the
 * token endpoint is read as the OAuth error it is as well. RFC 6749 §5.2 has the server
 * answer {@code invalid_client} with {@code 401} when the client authenticated with the
 * {@code Authorization} header, which Tessera does; Spring's handler reads the OAuth
 * error only from a {@code 400} and reports anything else as
 * {@code invalid_token_response} "401 Unauthorized", hiding the reason (a wrong or
 * expired secret, an unknown key).
 */
final class TokenEndpointErrorHandler implements ResponseErrorHandler {

	private final ResponseErrorHandler spring = new OAuth2ErrorResponseErrorHandler();

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public boolean hasError(ClientHttpResponse response) throws IOException {
		return this.spring.hasError(response);
	}

	@Override
	public void handleError(URI url, HttpMethod method, ClientHttpResponse response) throws IOException {
		MediaType type = response.getHeaders().getContentType();
		if (response.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value() && type != null
				&& MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
			throw new OAuth2AuthorizationException(this.errors.read(OAuth2Error.class, response));
		}
		this.spring.handleError(url, method, response);
	}

}
