package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * {@code GET} of an API with the access token as a bearer token (RFC 6750 §2.1, the
 * {@code Authorization} header, never the query). The token goes only over https, or
 * plain http to this machine's loopback, since anyone on the path of a plain http request
 * could take it and use it.
 */
final class ApiCall {

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/**
	 * @param url the API address, {@code https}, or {@code http} on loopback
	 * @return the answer, whatever its status
	 */
	HttpResponse<String> get(URI url, AccessToken accessToken) throws CliException, IOException {
		try {
			return this.http.send(HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(30))
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
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.isEmpty() || uri.getRawUserInfo() != null) {
			throw new CliException("Not an API URL: " + CliException.printable(url));
		}
		if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK_HOSTS.contains(host))) {
			throw new CliException("Refusing to send a token over " + scheme + " to " + host
					+ ": use https (http only to localhost, 127.0.0.1 or [::1])");
		}
		return uri;
	}

}
