package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample on a random port against a local JWKS endpoint and calls it over HTTP
 * with locally signed tokens, so the wiring (properties, decoder bean, scope rule) is
 * checked end to end: each endpoint's scope rule, deny by default under {@code /api}, the
 * RFC 9728 metadata (its {@code resource} is the audience enforced). The issuer is the
 * JWKS server's URL and no JWK Set URI is set, so the default
 * {@code <issuer>/oauth2/jwks} is what gets used. {@link TokenRefusalTest} does the same
 * against a real Tessera.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResourceServerSampleTest {

	private static final String AUDIENCE = "https://orders.example.test";

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final RSAKey KEY = generateKey();

	private static final JwksServer JWKS = JwksServer.serving(new JWKSet(KEY));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void tessera(DynamicPropertyRegistry registry) {
		registry.add("sample.issuer", JWKS::issuer);
		registry.add("sample.jwk-set-uri", () -> "");
		registry.add("sample.audience", () -> AUDIENCE);
	}

	@AfterAll
	static void stopJwks() {
		JWKS.close();
	}

	@Test
	void helloReturnsCallerForTokenWithReadScope() throws Exception {
		HttpResponse<String> response = get("/api/hello", token("profile sample:read"));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JsonMapper.shared().readTree(response.body());
		assertThat(body.path("client_id").stringValue()).isEqualTo(AccessTokens.CLIENT_ID);
		assertThat(body.path("sub").stringValue()).isEqualTo(AccessTokens.CLIENT_ID);
	}

	@Test
	void helloIsForbiddenWithoutReadScope() throws Exception {
		HttpResponse<String> response = get("/api/hello", token("sample:write sample:readonly"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("insufficient_scope"));
	}

	@Test
	void helloNeedsAToken() throws Exception {
		HttpResponse<String> response = get("/api/hello", null);

		assertThat(response.statusCode()).isEqualTo(401);
		// RFC 6750 §3.1: no error code when the request carried no token
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="));
	}

	@Test
	void helloRejectsTokenOfWrongType() throws Exception {
		String idTokenLike = AccessTokens.sign(KEY, JWSAlgorithm.RS256, JOSEObjectType.JWT,
				AccessTokens.claims(JWKS.issuer(), AUDIENCE, "sample:read").build());

		HttpResponse<String> response = get("/api/hello", idTokenLike);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("invalid_token"));
	}

	@Test
	void helloRejectsTokenForAnotherAudience() throws Exception {
		// proves SAMPLE_AUDIENCE / sample.audience is what the decoder checks
		String token = AccessTokens.sign(KEY, JWSAlgorithm.RS256, AT_JWT,
				AccessTokens.claims(JWKS.issuer(), "https://billing.example.test", "sample:read").build());

		assertThat(get("/api/hello", token).statusCode()).isEqualTo(401);
	}

	@Test
	void publishesProtectedResourceMetadata() throws Exception {
		HttpResponse<String> response = get("/.well-known/oauth-protected-resource", null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = JsonMapper.shared().readTree(response.body());
		// the audience the decoder enforces, not the URL this request used
		assertThat(metadata.path("resource").stringValue()).isEqualTo(AUDIENCE);
		assertThat(metadata.path("authorization_servers").path(0).stringValue()).isEqualTo(JWKS.issuer());
		assertThat(metadata.path("scopes_supported").values()).extracting(JsonNode::stringValue)
			.containsExactly("sample:read", "sample:write");
	}

	@Test
	void messagesNeedTheWriteScope() throws Exception {
		HttpResponse<String> readOnly = post("/api/messages", token("sample:read"), "{\"text\":\"hi\"}");
		HttpResponse<String> readWrite = post("/api/messages", token("sample:write"), "{\"text\":\"hi\"}");

		assertThat(readOnly.statusCode()).isEqualTo(403);
		assertThat(readOnly.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("insufficient_scope"));
		assertThat(readWrite.statusCode()).isEqualTo(201);
		JsonNode body = JsonMapper.shared().readTree(readWrite.body());
		assertThat(body.path("text").stringValue()).isEqualTo("hi");
		assertThat(body.path("client_id").stringValue()).isEqualTo(AccessTokens.CLIENT_ID);
		assertThat(body.path("id").stringValue()).isNotEmpty();
	}

	@Test
	void messagesWithoutTextAreBadRequests() throws Exception {
		assertThat(post("/api/messages", token("sample:write"), "{\"text\":\" \"}").statusCode()).isEqualTo(400);
		assertThat(post("/api/messages", token("sample:write"), "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void aBodyThatIsNoMessageIsAProblemNeverAnHtmlPage() throws Exception {
		String token = token("sample:write");
		for (String json : new String[] { "{", "[1]", "\"text\"", "{\"text\":42}", "{\"text\":\" \"}", "{}" }) {
			HttpResponse<String> response = post("/api/messages", token, json, "text/html");
			assertThat(response.statusCode()).as(json).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(json)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(JsonMapper.shared().readTree(response.body()).path("status").asInt()).as(json).isEqualTo(400);
		}
	}

	@Test
	void requestsRefusedBeforeAnyHandlerAreProblemsToo() throws Exception {
		// the firewall's 400 (a path parameter, a doubled slash) and the container's 405
		// reach the error path, not a handler
		String token = token("sample:read");
		for (String[] request : new String[][] { { "GET", "/api/hello;x=1", "400" }, { "GET", "/api//hello", "400" },
				{ "TRACE", "/api/hello", "405" } }) {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + request[1]))
					.header("Accept", "text/html")
					.header("Authorization", "Bearer " + token)
					.method(request[0], HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			String what = request[0] + " " + request[1];
			assertThat(response.statusCode()).as(what).isEqualTo(Integer.parseInt(request[2]));
			assertThat(response.headers().firstValue("Content-Type")).as(what)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(JsonMapper.shared().readTree(response.body()).path("status").asInt()).as(what)
				.isEqualTo(response.statusCode());
		}
	}

	@Test
	void aPostWithoutTokenIsChallengedNotRefusedForCsrf() throws Exception {
		HttpResponse<String> response = post("/api/messages", null, "{\"text\":\"hi\"}");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	@Test
	void apiPathsWithoutARuleAreDenied() throws Exception {
		// deny by default: an endpoint is open to no token until it has its scope rule;
		// without a token the answer is still the challenge
		assertThat(get("/api/other", token("sample:read sample:write")).statusCode()).isEqualTo(403);
		HttpResponse<String> withoutToken = get("/api/other", null);
		assertThat(withoutToken.statusCode()).isEqualTo(401);
		assertThat(withoutToken.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	private String token(String scope) {
		return AccessTokens.sign(KEY, JWSAlgorithm.RS256, AT_JWT,
				AccessTokens.claims(JWKS.issuer(), AUDIENCE, scope).build());
	}

	private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String bearer, String json)
			throws IOException, InterruptedException {
		return post(path, bearer, json, "application/json");
	}

	private HttpResponse<String> post(String path, String bearer, String json, String accept)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Accept", accept);
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("rsa-app").keyUse(KeyUse.SIGNATURE).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
