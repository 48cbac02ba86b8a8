package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Tessera's admin REST API as the benchmark uses it, through one node: a token for the
 * bootstrap client, the benchmark's scope, clients (one of them authenticated by its TLS
 * certificate), trusted issuer (the JWT-bearer scenario's partner) and user (the refresh
 * scenario's), and disabling a client (for the cross-node propagation measurement).
 */
final class TesseraAdmin {

	private static final String ADMIN_SCOPES = "admin:clients admin:users admin:read audit:read";

	private static final String CLIENT_CREDENTIALS = "client_credentials";

	private final URI node;

	private final String clientId;

	private final String clientSecret;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private String token;

	private long tokenExpiresAt;

	TesseraAdmin(URI node, String clientId, String clientSecret) {
		this.node = node;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	/**
	 * Waits until the bootstrap client gets a token: Tessera answers discovery as soon as
	 * its port opens, but bootstraps an empty database a moment later.
	 */
	void awaitBootstrap(ServerProcess server, Duration timeout, Deadline deadline) {
		long end = deadline.endOr(timeout.toNanos());
		while (true) {
			try {
				token();
				return;
			}
			catch (BenchmarkException ex) {
				server.checkAlive();
				if (System.nanoTime() - end >= 0) {
					throw ex;
				}
				ServerProcess.sleep(200);
			}
		}
	}

	/** A registered client: its id, and its secret for the secret methods. */
	record RegisteredClient(String clientId, String clientSecret) {
	}

	void createScope(String name) {
		HttpResponse<String> response = send("POST", "/admin/api/scopes", Map.of("name", name));
		if (response.statusCode() != 201 && response.statusCode() != 409) {
			throw refused("creating scope " + name, response);
		}
	}

	RegisteredClient createSecretClient(String name) {
		Map<String, Object> body = client(name, CLIENT_CREDENTIALS, "client_secret_basic");
		return register(body);
	}

	RegisteredClient createKeyClient(String name, Map<String, Object> jwks) {
		Map<String, Object> body = client(name, CLIENT_CREDENTIALS, "private_key_jwt");
		body.put("jwks", jwks);
		return register(body);
	}

	/**
	 * A {@code client_credentials} client that authenticates with its TLS certificate
	 * ({@code tls_client_auth}, RFC 8705 §2.1): a certificate from a CA the server trusts
	 * whose subject is {@code subjectDn}; with {@code boundTokens} its access tokens are
	 * bound to that certificate ({@code cnf.x5t#S256}).
	 */
	RegisteredClient createTlsClient(String name, String subjectDn, boolean boundTokens) {
		Map<String, Object> body = client(name, CLIENT_CREDENTIALS, "tls_client_auth");
		body.put("tlsSubjectDn", subjectDn);
		body.put("certificateBoundTokens", boundTokens);
		return register(body);
	}

	/**
	 * A client of the JWT-bearer grant only, authenticating with
	 * {@code client_secret_basic}.
	 */
	RegisteredClient createJwtBearerClient(String name) {
		Map<String, Object> body = client(name, Workloads.JWT_BEARER_GRANT, "client_secret_basic");
		return register(body);
	}

	/**
	 * A confidential client of the authorization code and refresh token grants
	 * ({@code client_secret_basic}), first-party so that no consent page follows the
	 * sign-in, with one loopback redirect URI.
	 */
	RegisteredClient createCodeClient(String name, String redirectUri) {
		Map<String, Object> body = client(name, "authorization_code", "client_secret_basic");
		body.put("grantTypes", List.of("authorization_code", "refresh_token"));
		body.put("redirectUris", List.of(redirectUri));
		body.put("firstParty", true);
		return register(body);
	}

	/** A person with the role {@code USER} (no admin scopes), who signs in. */
	void createUser(String username, String password) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", username);
		body.put("password", password);
		body.put("roles", List.of("USER"));
		body.put("enabled", true);
		HttpResponse<String> response = send("POST", "/admin/api/users", body);
		if (response.statusCode() != 201) {
			throw refused(
					"creating user " + username
							+ ((response.statusCode() == 404) ? " (this build has no /admin/api/users)" : ""),
					response);
		}
	}

	/**
	 * Registers a partner identity provider as a trusted issuer whose keys Tessera
	 * fetches from {@code jwksUri}, accepting its assertions for one client and the
	 * benchmark's scope; the audiences are the server's defaults (its issuer identifier
	 * and its token endpoint URL).
	 * @return the trusted issuer's id
	 */
	String createTrustedIssuer(String issuer, URI jwksUri, String allowedClientId, String subjectPrefix) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", issuer);
		body.put("jwksUri", jwksUri.toString());
		body.put("allowedClientIds", List.of(allowedClientId));
		body.put("allowedScopes", List.of(Workloads.SCOPE));
		body.put("maxAssertionLifetimeSeconds", 300);
		body.put("subjectPrefix", subjectPrefix);
		HttpResponse<String> response = send("POST", "/admin/api/trusted-issuers", body);
		if (response.statusCode() != 201) {
			throw refused("registering trusted issuer " + issuer, response);
		}
		return (String) json(response).get("id");
	}

	void setEnabled(String id, boolean enabled) {
		HttpResponse<String> response = send("PATCH", "/admin/api/clients/" + id, Map.of("enabled", enabled));
		if (response.statusCode() != 200) {
			throw refused("changing client " + id, response);
		}
	}

	/** The status of an admin GET, to see which features this build has. */
	int status(String path) {
		return send("GET", path, null).statusCode();
	}

	private static Map<String, Object> client(String name, String grantType, String authMethod) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("grantTypes", List.of(grantType));
		body.put("authMethods", List.of(authMethod));
		body.put("scopes", List.of(Workloads.SCOPE));
		body.put("audiences", List.of("https://api.bench.test"));
		return body;
	}

	private RegisteredClient register(Map<String, Object> body) {
		HttpResponse<String> response = send("POST", "/admin/api/clients", body);
		if (response.statusCode() != 201) {
			throw refused("registering client " + body.get("name"), response);
		}
		Map<String, Object> json = json(response);
		return new RegisteredClient((String) json.get("clientId"), (String) json.get("clientSecret"));
	}

	private HttpResponse<String> send(String method, String path, Map<String, Object> body) {
		HttpRequest.Builder request = LoadGenerator.newRequest(this.node.resolve(path))
			.header("Authorization", "Bearer " + token());
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return exchange(request.build());
	}

	private synchronized String token() {
		if (this.token != null && System.nanoTime() - this.tokenExpiresAt < 0) {
			return this.token;
		}
		HttpRequest request = LoadGenerator.newRequest(this.node.resolve("/oauth2/token"))
			.header("Authorization", HttpForms.basic(this.clientId, this.clientSecret))
			.header("Content-Type", HttpForms.FORM)
			.POST(HttpRequest.BodyPublishers
				.ofString(HttpForms.form("grant_type", "client_credentials", "scope", ADMIN_SCOPES)))
			.build();
		HttpResponse<String> response = exchange(request);
		if (response.statusCode() != 200) {
			throw refused("an admin token", response);
		}
		Map<String, Object> json = json(response);
		long lifetime = ((Number) json.getOrDefault("expires_in", 60)).longValue();
		this.token = (String) json.get("access_token");
		this.tokenExpiresAt = System.nanoTime() + Duration.ofSeconds(Math.max(5, lifetime - 30)).toNanos();
		return this.token;
	}

	/** The body of a plain GET (no token), or {@code null} unless it answers 200. */
	String text(URI uri) {
		HttpResponse<String> response = exchange(
				HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
		return (response.statusCode() == 200) ? response.body() : null;
	}

	private HttpResponse<String> exchange(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new BenchmarkException("admin API " + request.uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

	private static Map<String, Object> json(HttpResponse<String> response) {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new BenchmarkException("not JSON from " + response.uri() + ": " + response.body(), ex);
		}
	}

	private static BenchmarkException refused(String what, HttpResponse<String> response) {
		return new BenchmarkException(
				"Tessera refused " + what + ": HTTP " + response.statusCode() + " " + response.body());
	}

}
