package dev.tessera.samples.mtls;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where the metadata of an issuer is (RFC 8414 §3.1): the well-known path goes between
 * the host and the issuer's own path, which the end-to-end test (an issuer without a
 * path) cannot show. And what discovery refuses, which Tessera never serves: a plain
 * {@code http} issuer on another host than a loopback one (refused before anything is
 * fetched), a document for another issuer, and a document whose mTLS token endpoint is
 * not HTTPS, alias or not (a client certificate is only presented over TLS).
 */
class MtlsTokenEndpointTest {

	@Test
	void anIssuerWithoutAPath() {
		assertThat(MtlsTokenEndpoint.metadataLocation(URI.create("http://localhost:9000")))
			.isEqualTo(URI.create("http://localhost:9000/.well-known/oauth-authorization-server"));
		assertThat(MtlsTokenEndpoint.metadataLocation(URI.create("https://id.example.com/")))
			.isEqualTo(URI.create("https://id.example.com/.well-known/oauth-authorization-server"));
	}

	@Test
	void takesTheHttpsAliasOfTheIssuersDocument() {
		assertThat(MtlsTokenEndpoint.discover(URI.create("http://localhost:9000"),
				serving("http://localhost:9000", "http://localhost:9000/oauth2/token",
						"https://localhost:9443/oauth2/token")))
			.isEqualTo(URI.create("https://localhost:9443/oauth2/token"));
	}

	@Test
	void refusesAnAliasThatIsNotHttps() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> MtlsTokenEndpoint
						.discover(URI.create("http://localhost:9000"),
								serving("http://localhost:9000", "http://localhost:9000/oauth2/token",
										"http://localhost:9443/oauth2/token")))
			.withMessageContaining("not HTTPS");
	}

	@Test
	void refusesAPlainHttpTokenEndpointWithoutAliases() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MtlsTokenEndpoint.discover(URI.create("http://localhost:9000"),
					serving("http://localhost:9000", "http://localhost:9000/oauth2/token", null)))
			.withMessageContaining("advertises no mTLS token endpoint");
	}

	@Test
	void refusesTheDocumentOfAnotherIssuer() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MtlsTokenEndpoint.discover(URI.create("http://localhost:9000"),
					serving("http://127.0.0.1:9000", "http://localhost:9000/oauth2/token",
							"https://localhost:9443/oauth2/token")))
			.withMessageContaining("is for issuer http://127.0.0.1:9000");
	}

	@Test
	void refusesAPlainHttpIssuerOnAnotherHostBeforeAskingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MtlsTokenEndpoint.discover(URI.create("http://tessera.example.com"), (uri, method) -> {
				throw new AssertionError("asked " + uri);
			}))
			.withMessageContaining("must be an https URL");
	}

	@Test
	void anIssuerWithAPath() {
		assertThat(MtlsTokenEndpoint.metadataLocation(URI.create("https://id.example.com/tenants/a")))
			.isEqualTo(URI.create("https://id.example.com/.well-known/oauth-authorization-server/tenants/a"));
	}

	/** A request factory whose every request answers this metadata document. */
	private static ClientHttpRequestFactory serving(String issuer, String tokenEndpoint, String mtlsTokenEndpoint) {
		String aliases = (mtlsTokenEndpoint != null)
				? ",\"mtls_endpoint_aliases\":{\"token_endpoint\":\"" + mtlsTokenEndpoint + "\"}" : "";
		String document = "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + tokenEndpoint + "\"" + aliases + "}";
		return (uri, method) -> {
			MockClientHttpRequest request = new MockClientHttpRequest(method, uri);
			MockClientHttpResponse response = new MockClientHttpResponse(document.getBytes(StandardCharsets.UTF_8),
					HttpStatus.OK);
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			request.setResponse(response);
			return request;
		};
	}

}
