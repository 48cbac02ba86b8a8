package dev.tessera.admin.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import dev.tessera.admin.status.AuthorizationServerState.Reachable;
import dev.tessera.admin.status.AuthorizationServerState.Unreachable;
import dev.tessera.admin.support.FakeAuthorizationServer;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/**
 * How {@link AuthorizationServerStatus} turns each kind of failure into an
 * {@link Unreachable} with a useful reason instead of an exception.
 */
class AuthorizationServerStatusTest {

	private static final URI ISSUER = URI.create("http://as.example");

	private static final String METADATA_URL = "http://as.example/.well-known/oauth-authorization-server";

	private static final String JWKS_URL = "http://as.example/oauth2/jwks";

	private static final String METADATA = """
			{"issuer":"http://as.example","token_endpoint":"http://as.example/oauth2/token",
			"jwks_uri":"http://as.example/oauth2/jwks"}""";

	private final RestClient.Builder builder = RestClient.builder();

	private final MockRestServiceServer server = MockRestServiceServer.bindTo(this.builder).build();

	private final AuthorizationServerStatus status = new AuthorizationServerStatus(this.builder.build(), ISSUER);

	@Test
	void readsIssuerTokenEndpointAndKeyCount() {
		this.server.expect(requestTo(METADATA_URL)).andRespond(withSuccess(METADATA, MediaType.APPLICATION_JSON));
		this.server.expect(requestTo(JWKS_URL))
			.andRespond(withSuccess("{\"keys\":[{\"kid\":\"a\"},{\"kid\":\"b\"},{\"kid\":\"c\"}]}",
					MediaType.APPLICATION_JSON));

		assertThat(this.status.check()).isEqualTo(new Reachable(ISSUER, "http://as.example/oauth2/token", 3));
		this.server.verify();
	}

	@Test
	void refusedConnectionIsUnreachable() {
		URI dead = URI.create("http://127.0.0.1:" + FakeAuthorizationServer.unusedPort());
		AuthorizationServerStatus status = AuthorizationServerStatus.withTimeouts(dead, Duration.ofSeconds(2),
				Duration.ofSeconds(2));

		assertThat(status.check()).isEqualTo(new Unreachable(dead,
				"metadata at " + dead + "/.well-known/oauth-authorization-server: connection refused"));
	}

	@Test
	void silentServerTimesOut() throws IOException {
		// The socket accepts connections (backlog) but never answers.
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			URI issuer = URI.create("http://127.0.0.1:" + silent.getLocalPort());
			AuthorizationServerStatus status = AuthorizationServerStatus.withTimeouts(issuer, Duration.ofSeconds(2),
					Duration.ofMillis(300));

			long started = System.nanoTime();
			AuthorizationServerState state = status.check();

			assertThat(state).isInstanceOfSatisfying(Unreachable.class,
					unreachable -> assertThat(unreachable.reason()).endsWith("timed out"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void httpErrorIsUnreachable() {
		this.server.expect(requestTo(METADATA_URL)).andRespond(withStatus(HttpStatus.SERVICE_UNAVAILABLE));

		assertThat(reason()).isEqualTo("metadata at " + METADATA_URL + ": HTTP 503");
	}

	@Test
	void htmlInsteadOfJsonIsUnreachable() {
		this.server.expect(requestTo(METADATA_URL))
			.andRespond(withSuccess("<html><body>proxy login</body></html>", MediaType.TEXT_HTML));

		assertThat(reason()).isEqualTo("metadata at " + METADATA_URL + ": not a JSON object");
	}

	@Test
	void metadataForAnotherIssuerIsRejected() {
		String otherIssuer = METADATA.replace("\"issuer\":\"http://as.example\"", "\"issuer\":\"http://evil.example\"");
		this.server.expect(requestTo(METADATA_URL)).andRespond(withSuccess(otherIssuer, MediaType.APPLICATION_JSON));

		assertThat(reason()).isEqualTo("metadata at " + METADATA_URL + " is for issuer http://evil.example");
	}

	@Test
	void metadataWithoutJwksUriIsUnreachable() {
		this.server.expect(requestTo(METADATA_URL))
			.andRespond(withSuccess("{\"issuer\":\"http://as.example\",\"token_endpoint\":\"http://as.example/t\"}",
					MediaType.APPLICATION_JSON));

		assertThat(reason()).isEqualTo("metadata at " + METADATA_URL + " has no \"jwks_uri\"");
	}

	@Test
	void nonHttpJwksUriIsNotFollowed() {
		this.server.expect(requestTo(METADATA_URL))
			.andRespond(withSuccess(METADATA.replace("http://as.example/oauth2/jwks", "file:///etc/passwd"),
					MediaType.APPLICATION_JSON));

		assertThat(reason()).isEqualTo("metadata at " + METADATA_URL + " has an invalid \"jwks_uri\"");
		this.server.verify();
	}

	@Test
	void jwksWithoutKeysArrayIsUnreachable() {
		this.server.expect(requestTo(METADATA_URL)).andRespond(withSuccess(METADATA, MediaType.APPLICATION_JSON));
		this.server.expect(requestTo(JWKS_URL))
			.andRespond(withSuccess("{\"keys\":\"none\"}", MediaType.APPLICATION_JSON));

		assertThat(reason()).isEqualTo("JWKS at " + JWKS_URL + " has no \"keys\" array");
	}

	@Test
	void jwksFailureIsReportedAsSuch() {
		this.server.expect(requestTo(METADATA_URL)).andRespond(withSuccess(METADATA, MediaType.APPLICATION_JSON));
		this.server.expect(requestTo(JWKS_URL)).andRespond(withStatus(HttpStatus.NOT_FOUND));

		assertThat(reason()).isEqualTo("JWKS at " + JWKS_URL + ": HTTP 404");
	}

	@Test
	void metadataUrlFollowsRfc8414() {
		assertThat(AuthorizationServerStatus.metadataUri(URI.create("http://localhost:9000")))
			.hasToString("http://localhost:9000/.well-known/oauth-authorization-server");
		assertThat(AuthorizationServerStatus.metadataUri(URI.create("http://localhost:9000/")))
			.hasToString("http://localhost:9000/.well-known/oauth-authorization-server");
		assertThat(AuthorizationServerStatus.metadataUri(URI.create("https://as.example/tenant/one/")))
			.hasToString("https://as.example/.well-known/oauth-authorization-server/tenant/one");
	}

	private String reason() {
		AuthorizationServerState state = this.status.check();
		assertThat(state.isReachable()).isFalse();
		assertThat(state.issuer()).isEqualTo(ISSUER);
		return ((Unreachable) state).reason();
	}

}
