package dev.tessera.samples.clientcredentials;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample's whole flow (discovery, then token request) against the stub server
 * and checks what it prints, in particular what it must never print.
 */
class ClientCredentialsSampleTest {

	private static final String SECRET = "very-secret-value";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private FakeAuthorizationServer server;

	@BeforeEach
	void startServer() {
		this.server = new FakeAuthorizationServer(
				ClientSecretBasic.authorizationHeader(new ClientCredentials("billing", SECRET)));
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void printsExpiryAndScopeButNotTokenOrSecret() {
		int status = run(Map.of("TESSERA_ISSUER", this.server.issuer(), "TESSERA_CLIENT_ID", "billing",
				"TESSERA_CLIENT_SECRET", SECRET, "TESSERA_SCOPE", "sample:read"));

		assertThat(status).isEqualTo(0);
		assertThat(output()).contains("Token endpoint: " + this.server.tokenEndpoint())
			.contains("Expires: in 300 s")
			.contains("Scope: sample:read");
		assertThat(output() + errors()).doesNotContain(SECRET).doesNotContain("eyJ.canned.token");
		assertThat(this.server.requests()).extracting(FakeAuthorizationServer.RecordedRequest::path)
			.containsExactly("/.well-known/oauth-authorization-server", "/oauth2/token");
	}

	@Test
	void failsWithStatusOneOnWrongSecret() {
		int status = run(Map.of("TESSERA_ISSUER", this.server.issuer(), "TESSERA_CLIENT_ID", "billing",
				"TESSERA_CLIENT_SECRET", "wrong-" + SECRET));

		assertThat(status).isEqualTo(1);
		assertThat(errors()).contains("invalid_client").doesNotContain(SECRET);
	}

	@Test
	void asksForMissingConfiguration() {
		int status = run(Map.of("TESSERA_ISSUER", this.server.issuer(), "TESSERA_CLIENT_ID", "billing"));

		assertThat(status).isEqualTo(2);
		assertThat(errors()).contains("TESSERA_CLIENT_SECRET");
		assertThat(this.server.requests()).isEmpty();
	}

	private int run(Map<String, String> env) {
		return ClientCredentialsSample.run(env, TokenClient.create(),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
