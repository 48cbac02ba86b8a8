package dev.tessera.samples.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tessera every sample's test runs against is what the samples expect: its discovery
 * names its own issuer and advertises the mTLS token endpoint on the TLS port, which
 * serves the test CA's certificate, and the admin API answers the test's admin client.
 */
class TesseraServerTest {

	@Test
	void servesDiscoveryTheTlsPortAndTheAdminApi() throws Exception {
		TesseraServer tessera = TesseraServer.shared();
		HttpClient http = HttpClient.newBuilder().sslContext(tessera.certificates().clientContext(null)).build();
		HttpResponse<String> metadata = http
			.send(HttpRequest.newBuilder(URI.create(tessera.issuer() + "/.well-known/oauth-authorization-server"))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode discovery = JsonMapper.builder().build().readTree(metadata.body());
		assertThat(discovery.get("issuer").asString()).isEqualTo(tessera.issuer());
		assertThat(discovery.at("/mtls_endpoint_aliases/token_endpoint").asString())
			.isEqualTo(tessera.tlsUrl() + "/oauth2/token");

		// trusted through the test CA alone: the handshake fails unless Tessera serves it
		HttpResponse<String> jwks = http.send(
				HttpRequest.newBuilder(URI.create(tessera.tlsUrl() + "/oauth2/jwks")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(jwks.statusCode()).isEqualTo(200);
		assertThat(jwks.body()).contains("\"keys\"");

		assertThat(tessera.admin().call("GET", "/clients", null).status()).isEqualTo(200);
	}

}
