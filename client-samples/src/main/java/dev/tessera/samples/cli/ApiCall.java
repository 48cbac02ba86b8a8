package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * {@code GET} of an API with the access token as a bearer token (RFC 6750 §2.1, the
 * {@code Authorization} header, never the query). The token goes only where
 * {@link Transport} allows (https, or plain http to this machine's loopback), and no
 * redirect is followed.
 */
final class ApiCall {

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Transport.CONNECT_TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/**
	 * @param url the API address, {@code https}, or {@code http} on loopback
	 * @return the answer, whatever its status
	 */
	HttpResponse<String> get(URI url, AccessToken accessToken) throws CliException, IOException {
		try {
			return this.http.send(HttpRequest.newBuilder(url)
				.timeout(Transport.READ_TIMEOUT)
				.header("Authorization", accessToken.toAuthorizationHeader())
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("Interrupted while calling " + url, ex);
		}
	}

	/** The URL to call, refused before any token is fetched when it is not safe. */
	static URI checkedUrl(String url) throws CliException {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new CliException("Not a URL: " + CliException.printable(url));
		}
		return Transport.checked(uri, "a token");
	}

}
