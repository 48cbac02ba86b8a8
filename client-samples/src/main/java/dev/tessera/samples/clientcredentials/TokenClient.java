package dev.tessera.samples.clientcredentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the client credentials grant, with no Spring in it so it reads like
 * what any client has to do: find the token endpoint in the authorization server's
 * metadata (RFC 8414), then {@code POST} the grant with {@code client_secret_basic} (RFC
 * 6749 §4.4, §2.3.1). Kept apart from the {@code main} so it can be tested against a
 * local stub server.
 */
public final class TokenClient {

	static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String JSON = "application/json";

	private final HttpClient http;

	private final Duration timeout;

	private final JsonMapper json = JsonMapper.shared();

	public TokenClient(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	/**
	 * A client with short timeouts that does not follow redirects: a token request must
	 * not be replayed, with its credentials, at wherever a redirect points.
	 */
	public static TokenClient create() {
		Duration timeout = Duration.ofSeconds(10);
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new TokenClient(http, timeout);
	}

	/**
	 * Reads the authorization server metadata and returns its {@code token_endpoint}. The
	 * metadata's {@code issuer} must be exactly the issuer asked for (RFC 8414 §3.3), so
	 * a misconfigured or impersonating server is noticed before any secret is sent.
	 */
	public URI discoverTokenEndpoint(URI issuer) throws IOException, InterruptedException {
		URI metadataUri = metadataUri(issuer);
		HttpRequest request = HttpRequest.newBuilder(metadataUri)
			.timeout(this.timeout)
			.header("Accept", JSON)
			.GET()
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("Metadata request to " + metadataUri + " returned HTTP " + response.statusCode());
		}
		JsonNode metadata = parse(response.body(), "authorization server metadata");
		String advertisedIssuer = metadata.path("issuer").stringValue(null);
		if (!issuer.toString().equals(advertisedIssuer)) {
			throw new IOException("Metadata at " + metadataUri + " is for issuer '" + advertisedIssuer + "', not '"
					+ issuer + "' (RFC 8414 §3.3)");
		}
		String tokenEndpoint = metadata.path("token_endpoint").stringValue(null);
		if (tokenEndpoint == null || !URI.create(tokenEndpoint).isAbsolute()) {
			throw new IOException("Metadata at " + metadataUri + " has no absolute token_endpoint");
		}
		return URI.create(tokenEndpoint);
	}

	/**
	 * Requests an access token with the client credentials grant.
	 * @param scope space-separated scopes, or {@code null}/blank for the client's default
	 * @throws TokenRequestException when the server answers with an error or a malformed
	 * token response
	 */
	public TokenResponse requestToken(URI tokenEndpoint, ClientCredentials credentials, String scope)
			throws IOException, InterruptedException {
		String form = "grant_type=client_credentials";
		if (scope != null && !scope.isBlank()) {
			form += "&scope=" + ClientSecretBasic.formEncode(scope.strip());
		}
		HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
			.timeout(this.timeout)
			.header("Authorization", ClientSecretBasic.authorizationHeader(credentials))
			.header("Content-Type", FORM)
			.header("Accept", JSON)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw errorResponse(response);
		}
		JsonNode body = parse(response.body(), "token response");
		String accessToken = body.path("access_token").stringValue(null);
		String tokenType = body.path("token_type").stringValue(null);
		if (accessToken == null || accessToken.isBlank() || tokenType == null) {
			throw new TokenRequestException(response.statusCode(), null,
					"Token response has no access_token or token_type");
		}
		return new TokenResponse(accessToken, tokenType, expiresIn(body.path("expires_in")),
				Optional.ofNullable(body.path("scope").stringValue(null)));
	}

	/**
	 * The RFC 8414 §3.1 metadata location: the well-known segment goes between the host
	 * and any path of the issuer, so {@code https://as.example/tenant} is described at
	 * {@code https://as.example/.well-known/oauth-authorization-server/tenant}.
	 */
	static URI metadataUri(URI issuer) {
		if (!issuer.isAbsolute() || issuer.getRawAuthority() == null || issuer.getRawQuery() != null
				|| issuer.getRawFragment() != null) {
			throw new IllegalArgumentException(
					"The issuer must be an absolute http(s) URL without query or fragment: " + issuer);
		}
		String path = (issuer.getRawPath() != null) ? issuer.getRawPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + METADATA_PATH + path);
	}

	private TokenRequestException errorResponse(HttpResponse<String> response) {
		String error = null;
		String description = null;
		try {
			JsonNode body = this.json.readTree(response.body());
			error = body.path("error").stringValue(null);
			description = body.path("error_description").stringValue(null);
		}
		catch (JacksonException ex) {
			// not a JSON error response; the status alone has to do
		}
		StringBuilder message = new StringBuilder("Token request failed with HTTP ").append(response.statusCode());
		if (error != null) {
			message.append(": ").append(error);
		}
		if (description != null) {
			message.append(" (").append(description).append(")");
		}
		return new TokenRequestException(response.statusCode(), error, message.toString());
	}

	private JsonNode parse(String body, String what) throws IOException {
		try {
			JsonNode node = this.json.readTree(body);
			if (!node.isObject()) {
				throw new IOException("The " + what + " is not a JSON object");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new IOException("The " + what + " is not valid JSON", ex);
		}
	}

	private static Optional<Duration> expiresIn(JsonNode node) {
		if (node.isIntegralNumber()) {
			return Optional.of(Duration.ofSeconds(node.asLong()));
		}
		if (node.isString() && node.stringValue().matches("\\d{1,10}")) {
			return Optional.of(Duration.ofSeconds(Long.parseLong(node.stringValue())));
		}
		return Optional.empty();
	}

}
