package dev.tessera.samples.clientcredentials;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenClientTest {

	private static final ClientCredentials CREDENTIALS = new ClientCredentials("billing client:1", "s3cr:t+/=&é");

	private static final String EXPECTED_AUTHORIZATION = "Basic " + Base64.getEncoder()
		.encodeToString("billing+client%3A1:s3cr%3At%2B%2F%3D%26%C3%A9".getBytes(StandardCharsets.US_ASCII));

	private final TokenClient client = TokenClient.create();

	private FakeAuthorizationServer server;

	@BeforeEach
	void startServer() {
		this.server = new FakeAuthorizationServer(EXPECTED_AUTHORIZATION);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void discoversTokenEndpointFromMetadata() throws Exception {
		URI tokenEndpoint = this.client.discoverTokenEndpoint(URI.create(this.server.issuer()));

		assertThat(tokenEndpoint).isEqualTo(this.server.tokenEndpoint());
		assertThat(this.server.requests()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.path()).isEqualTo("/.well-known/oauth-authorization-server");
		});
	}

	@Test
	void refusesMetadataForAnotherIssuer() {
		this.server.advertiseIssuer("https://evil.example.test");

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.client.discoverTokenEndpoint(URI.create(this.server.issuer())))
			.withMessageContaining("is for issuer 'https://evil.example.test'");
	}

	@Test
	void requestsTokenWithClientSecretBasic() throws Exception {
		TokenResponse token = this.client.requestToken(this.server.tokenEndpoint(), CREDENTIALS,
				"sample:read sample:write");

		FakeAuthorizationServer.RecordedRequest request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/oauth2/token");
		assertThat(request.header("Authorization")).isEqualTo(EXPECTED_AUTHORIZATION);
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
		assertThat(request.header("Accept")).isEqualTo("application/json");
		assertThat(formParameters(request.body())).containsExactlyInAnyOrderEntriesOf(
				Map.of("grant_type", "client_credentials", "scope", "sample:read sample:write"));
		// the credentials travel only in the header
		assertThat(request.body()).doesNotContain("client_id").doesNotContain("client_secret").doesNotContain("s3cr");

		assertThat(token.accessToken()).isEqualTo("eyJ.canned.token");
		assertThat(token.tokenType()).isEqualTo("Bearer");
		assertThat(token.expiresIn()).contains(Duration.ofSeconds(300));
		assertThat(token.scope()).contains("sample:read");
	}

	@Test
	void leavesScopeOutWhenNoneIsRequested() throws Exception {
		this.client.requestToken(this.server.tokenEndpoint(), CREDENTIALS, " ");

		assertThat(this.server.requests().get(0).body()).isEqualTo("grant_type=client_credentials");
	}

	@Test
	void toleratesResponseWithoutExpiryOrScope() throws Exception {
		this.server.respondWith("{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}");

		TokenResponse token = this.client.requestToken(this.server.tokenEndpoint(), CREDENTIALS, null);

		assertThat(token.expiresIn()).isEmpty();
		assertThat(token.scope()).isEmpty();
	}

	@Test
	void reportsOAuthErrorForWrongSecret() {
		ClientCredentials wrong = new ClientCredentials(CREDENTIALS.clientId(), "not-the-secret");

		assertThatExceptionOfType(TokenRequestException.class)
			.isThrownBy(() -> this.client.requestToken(this.server.tokenEndpoint(), wrong, null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.error()).contains("invalid_client");
				assertThat(ex.getMessage()).contains("Client authentication failed").doesNotContain("not-the-secret");
			});
	}

	@Test
	void rejectsSuccessWithoutAccessToken() {
		this.server.respondWith("{\"token_type\":\"Bearer\"}");

		assertThatExceptionOfType(TokenRequestException.class)
			.isThrownBy(() -> this.client.requestToken(this.server.tokenEndpoint(), CREDENTIALS, null))
			.withMessageContaining("no access_token");
	}

	@Test
	void tokenResponseDoesNotPrintTheToken() throws Exception {
		TokenResponse token = this.client.requestToken(this.server.tokenEndpoint(), CREDENTIALS, null);

		assertThat(token.toString()).contains("Bearer").doesNotContain("eyJ.canned.token");
	}

	@Test
	void metadataUriFollowsRfc8414() {
		assertThat(TokenClient.metadataUri(URI.create("http://localhost:9000")))
			.isEqualTo(URI.create("http://localhost:9000/.well-known/oauth-authorization-server"));
		assertThat(TokenClient.metadataUri(URI.create("https://as.example.test/")))
			.isEqualTo(URI.create("https://as.example.test/.well-known/oauth-authorization-server"));
		assertThat(TokenClient.metadataUri(URI.create("https://as.example.test/tenant/a")))
			.isEqualTo(URI.create("https://as.example.test/.well-known/oauth-authorization-server/tenant/a"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenClient.metadataUri(URI.create("https://as.example.test?x=1")));
	}

	private static Map<String, String> formParameters(String body) {
		return Arrays.stream(body.split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((pair) -> decode(pair[0]), (pair) -> decode(pair[1])));
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
