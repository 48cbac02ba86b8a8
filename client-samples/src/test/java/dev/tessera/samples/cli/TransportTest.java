package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The tool's transport ({@link Transport}) holds every URL to the samples' rule
 * ({@code HttpsOrLoopbackTest} proves the rule itself): it proves the endpoints of
 * Tessera's metadata are held to it as the issuer is (a metadata document naming a
 * plain-http token endpoint elsewhere is refused before anything is sent there), that
 * {@code call} is held to it, and that the token endpoint's {@code 307} is not followed
 * (the refresh token is sent to the token endpoint only).
 */
class TransportTest {

	@Test
	void refusesMetadataWhoseEndpointsBreakTheRule() throws Exception {
		assertThat(TesseraCli.checkedEndpoints(metadata("https://t.example.test/oauth2/token", null))).isNotNull();
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> TesseraCli.checkedEndpoints(metadata("http://t.example.test/oauth2/token", null)))
			.withMessageContaining("token_endpoint")
			.withMessageContaining("http://t.example.test");
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> TesseraCli
				.checkedEndpoints(metadata("https://t.example.test/oauth2/token", "http://t.example.test/revoke")))
			.withMessageContaining("revocation_endpoint");
	}

	@Test
	void callRefusesPlainHttpToAnotherHost() throws Exception {
		assertThat(ApiCall.checkedUrl("http://127.0.0.1:8081/api/hello")).hasPort(8081);
		assertThatExceptionOfType(CliException.class).isThrownBy(() -> ApiCall.checkedUrl("http://example.com/api"))
			.withMessageContaining("Refusing to send a token to http://example.com");
	}

	@Test
	void theTokenEndpointsRedirectIsNotFollowed() throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		AtomicInteger elsewhere = new AtomicInteger();
		HttpServer thief = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		thief.createContext("/", (exchange) -> {
			elsewhere.incrementAndGet();
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
		});
		HttpServer tessera = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		tessera.createContext("/oauth2/token", (exchange) -> {
			exchange.getResponseHeaders()
				.set("Location", "http://127.0.0.1:" + thief.getAddress().getPort() + "/collect");
			exchange.sendResponseHeaders(307, -1);
			exchange.close();
		});
		thief.start();
		tessera.start();
		try {
			TokenEndpointClient client = new TokenEndpointClient(
					metadata("http://127.0.0.1:" + tessera.getAddress().getPort() + "/oauth2/token", null),
					new ClientID("cli"));
			assertThatExceptionOfType(CliException.class)
				.isThrownBy(() -> client.refresh(new RefreshToken("a-refresh-token")));
			assertThat(elsewhere).as("requests that followed the redirect").hasValue(0);
		}
		finally {
			tessera.stop(0);
			thief.stop(0);
		}
	}

	private static AuthorizationServerMetadata metadata(String tokenEndpoint, String revocationEndpoint)
			throws IOException {
		AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer("https://t.example.test"));
		metadata.setAuthorizationEndpointURI(URI.create("https://t.example.test/oauth2/authorize"));
		metadata.setTokenEndpointURI(URI.create(tokenEndpoint));
		if (revocationEndpoint != null) {
			metadata.setRevocationEndpointURI(URI.create(revocationEndpoint));
		}
		return metadata;
	}

}
