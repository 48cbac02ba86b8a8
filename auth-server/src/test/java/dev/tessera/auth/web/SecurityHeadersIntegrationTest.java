package dev.tessera.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response of the application port carries the security headers (nosniff, frame
 * denial; HSTS only on HTTPS, so not here: see {@code SecurityHeadersTest} and
 * {@code TlsConnectorTest}), responses carrying a token or a secret are never stored, and
 * nothing names the server or its version: protocol endpoints, the admin API, the sign-in
 * page, errors of every writer, and what Tomcat answers by itself to a request it cannot
 * parse.
 */
@TesseraServerTest
class SecurityHeadersIntegrationTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Value("${server.port}")
	int port;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	IssuedSecret client;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.client = this.registrar.register(ClientDraft.clientCredentials(null, "headers",
				Set.of("admin:clients", "admin:read"), Set.of(), Set.of(this.issuer)));
	}

	@Test
	void everyKindOfResponseCarriesTheHeadersAndNoBanner() {
		Map<String, Http.Response> responses = new LinkedHashMap<>();
		responses.put("discovery", this.http.get("/.well-known/oauth-authorization-server"));
		responses.put("openid discovery", this.http.get("/.well-known/openid-configuration"));
		responses.put("jwks", this.http.get("/oauth2/jwks"));
		Http.Response token = token();
		responses.put("token", token);
		responses.put("token refused", this.http.postForm("/oauth2/token", this.client.clientId(), "wrong",
				form("grant_type", "client_credentials")));
		responses.put("introspection", this.http.postForm("/oauth2/introspect", this.client.clientId(),
				this.client.clientSecret(), form("token", "x")));
		responses.put("strict form refusal",
				this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))));
		responses.put("userinfo without token", this.http.get("/userinfo"));
		responses.put("authorize without client", this.http.get("/oauth2/authorize?response_type=code"));
		AdminApi admin = new AdminApi(this.issuer, (String) token.json().get("access_token"));
		responses.put("admin api", admin.get("/admin/api/clients"));
		responses.put("admin api secret",
				admin.post("/admin/api/clients",
						"{\"name\":\"headers-created\",\"grantTypes\":[\"client_credentials\"],"
								+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"admin:read\"]}"));
		responses.put("admin api problem", admin.get("/admin/api/clients/no-such-client"));
		responses.put("admin api unauthenticated", new AdminApi(this.issuer, null).get("/admin/api/clients"));
		responses.put("sign-in page", this.http.get("/login", "Accept", "text/html"));
		responses.put("not found", this.http.get("/no/such/path", "Accept", "text/html"));
		responses.put("error page", this.http.get("/error", "Accept", "text/html"));
		responses.put("tomcat refusal", this.http.get("/admin/api/clients/a%2Fb", "Accept", "text/html"));
		responses.put("firewall refusal", this.http.get("/admin/api/clients/a;b", "Accept", "text/html"));
		responses.forEach((what, response) -> {
			String headers = what + ": " + response.raw().headers().map();
			assertThat(response.status()).as(headers).isLessThan(500);
			assertThat(response.header("X-Content-Type-Options")).as(headers).isEqualTo("nosniff");
			assertThat(response.header("X-Frame-Options")).as(headers).isEqualTo("DENY");
			assertThat(response.header("Strict-Transport-Security")).as("plain http: " + headers).isNull();
			assertNoBanner(headers, response.raw().headers().map(), response.body());
		});
		for (String carriesSecret : List.of("token", "admin api secret")) {
			Http.Response response = responses.get(carriesSecret);
			assertThat(response.status()).as(response.toString()).isIn(200, 201);
			assertThat(response.header("Cache-Control")).as(carriesSecret).contains("no-store");
			assertThat(response.header("Pragma")).as(carriesSecret).isEqualTo("no-cache");
		}
		for (String error : List.of("token refused", "strict form refusal", "admin api problem")) {
			assertThat(responses.get(error).header("Cache-Control")).as(error).contains("no-store");
		}
	}

	@Test
	void aRequestTomcatCannotParseGetsTheHeadersAndNoBanner() throws IOException {
		for (String request : List.of("GET /oauth2/jwks HTTP/1.1 junk\r\nHost: localhost\r\n\r\n",
				"GET /oauth2/\u0001jwks HTTP/1.1\r\nHost: localhost\r\n\r\n",
				"GET /oauth2/jwks HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n",
				"GET /oauth2/jwks HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
				"FOO\r\n\r\n")) {
			RawResponse response = raw(request);
			String what = request.substring(0, Math.min(60, request.length())) + " -> " + response;
			assertThat(response.status()).as(what).isBetween(400, 499);
			assertThat(response.headers().get("x-content-type-options")).as(what).isEqualTo("nosniff");
			assertThat(response.headers().get("x-frame-options")).as(what).isEqualTo("DENY");
			assertThat(response.headers().get("content-type")).as(what).startsWith("application/problem+json");
			assertNoBanner(what, Map.of(), response.body());
			assertThat(response.headers()).as(what).doesNotContainKeys("server", "x-powered-by");
		}
	}

	private Http.Response token() {
		return this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:clients admin:read"));
	}

	static void assertNoBanner(String what, Map<String, List<String>> headers, String body) {
		assertThat(headers.keySet().stream().map(String::toLowerCase)).as(what)
			.doesNotContain("server", "x-powered-by");
		assertThat(body).as(what)
			.doesNotContainIgnoringCase("tomcat")
			.doesNotContainIgnoringCase("<html><head><title>HTTP Status")
			.doesNotContain("Exception")
			.doesNotContain("at org.")
			.doesNotContain("Spring");
	}

	/**
	 * One request written as is over a socket, the response read until the server closes
	 * or stops.
	 */
	RawResponse raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			StringBuilder text = new StringBuilder();
			try {
				int read;
				while ((read = in.read(buffer)) > 0) {
					text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					if (complete(text)) {
						break;
					}
				}
			}
			catch (java.net.SocketTimeoutException | java.net.SocketException ex) {
				// what arrived is the answer
			}
			return RawResponse.parse(text.toString());
		}
	}

	private static boolean complete(StringBuilder text) {
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		RawResponse head = RawResponse.parse(text.toString());
		String length = head.headers().get("content-length");
		return length != null && text.length() - end - 4 >= Integer.parseInt(length.trim());
	}

	record RawResponse(int status, Map<String, String> headers, String body) {

		static RawResponse parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String body = (end >= 0) ? text.substring(end + 4) : "";
			List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
			int status = -1;
			if (!lines.isEmpty() && lines.get(0).startsWith("HTTP/")) {
				status = Integer.parseInt(lines.remove(0).split(" ")[1]);
			}
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line : lines) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
				}
			}
			return new RawResponse(status, headers, body);
		}

	}

}
