package dev.tessera.samples.mtls;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the metadata of an issuer is (RFC 8414 §3.1): the well-known path goes between
 * the host and the issuer's own path, which the end-to-end test (an issuer without a
 * path) cannot show.
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
	void anIssuerWithAPath() {
		assertThat(MtlsTokenEndpoint.metadataLocation(URI.create("https://id.example.com/tenants/a")))
			.isEqualTo(URI.create("https://id.example.com/.well-known/oauth-authorization-server/tenants/a"));
	}

}
