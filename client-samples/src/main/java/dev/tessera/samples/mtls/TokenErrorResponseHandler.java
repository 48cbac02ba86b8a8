package dev.tessera.samples.mtls;

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
 * Token endpoint errors as OAuth 2.0 errors, for {@code 401} as well as {@code 400}.
 * <p>
 * RFC 6749 §5.2 lets a server answer {@code invalid_client} with {@code 401}, and Tessera
 * does (e.g. a certificate that is not the registered one). Spring Security's
 * {@link OAuth2ErrorResponseErrorHandler} reads the error body of a {@code 400} only, so
 * without this a refused certificate surfaces as {@code invalid_token_response} around an
 * HTTP exception instead of {@code invalid_client} with Tessera's description, and the
 * authorized client manager cannot tell that the client's credentials were refused.
 */
class TokenErrorResponseHandler implements ResponseErrorHandler {

	private final ResponseErrorHandler delegate = new OAuth2ErrorResponseErrorHandler();

	private final OAuth2ErrorHttpMessageConverter errorConverter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public boolean hasError(ClientHttpResponse response) throws IOException {
		return this.delegate.hasError(response);
	}

	@Override
	public void handleError(URI url, HttpMethod method, ClientHttpResponse response) throws IOException {
		if (response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
				&& MediaType.APPLICATION_JSON.isCompatibleWith(response.getHeaders().getContentType())) {
			OAuth2Error error = this.errorConverter.read(OAuth2Error.class, response);
			throw new OAuth2AuthorizationException(error);
		}
		this.delegate.handleError(url, method, response);
	}

}
