package dev.tessera.samples.mtls;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import dev.tessera.samples.oauth2.HttpsOrLoopback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Who this client is and where it goes, bound from {@code sample.mtls.*} in
 * {@code mtls-client.yml} (which reads them from the environment). Nothing here is
 * secret: the client proves who it is with the private key of its certificate, which the
 * SSL bundle named by {@code sslBundle} loads from a file.
 *
 * Each setting is checked when bound, so a missing or unsafe one stops the start naming
 * its variable, before anything is sent.
 *
 * @param issuer Tessera's issuer identifier, the exact {@code iss} of its tokens; its
 * discovery document names the mTLS token endpoint; {@code https}, or {@code http} to a
 * loopback host only (the discovery document says where the client goes)
 * @param clientId the client id registered in Tessera for {@code tls_client_auth}
 * @param scope the scopes to ask for
 * @param apiUrl the base URL of the protected API (HTTPS: a certificate-bound token is
 * only accepted over a connection that presents the certificate; {@code http} is refused
 * but to a loopback host)
 * @param sslBundle the Spring Boot SSL bundle with the client certificate, its key and
 * the CAs trusted for Tessera's and the API's TLS certificates
 * @param renewBefore how long before its expiry a cached token is replaced
 * @param calls how many times the sample calls the API before it exits
 * @param interval the pause between two calls
 */
@ConfigurationProperties("sample.mtls")
public record MtlsClientProperties(URI issuer, String clientId, Set<String> scope, URI apiUrl, String sslBundle,
		@DefaultValue("60s") Duration renewBefore, @DefaultValue("3") int calls,
		@DefaultValue("2s") Duration interval) {

	public MtlsClientProperties {
		Assert.notNull(issuer, "sample.mtls.issuer (TESSERA_ISSUER) must be set");
		HttpsOrLoopback.check("sample.mtls.issuer (TESSERA_ISSUER)", issuer);
		requireText(clientId, "sample.mtls.client-id (TESSERA_CLIENT_ID)");
		Assert.notNull(apiUrl, "sample.mtls.api-url (SAMPLE_API_URL) must be set");
		HttpsOrLoopback.check("sample.mtls.api-url (SAMPLE_API_URL)", apiUrl);
		requireText(sslBundle, "sample.mtls.ssl-bundle");
	}

	/**
	 * Text, and not a placeholder Spring Boot could not resolve (which it keeps as the
	 * value, and which would then be sent).
	 */
	private static void requireText(String value, String setting) {
		Assert.hasText(value, setting + " must be set");
		Assert.isTrue(!value.startsWith("${"), () -> setting + " must be set, not " + value);
	}

}
