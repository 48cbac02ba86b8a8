package dev.tessera.samples.mtls;

import java.net.URI;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerEndpointMetadata;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.tessera.samples.oauth2.HttpsOrLoopback;

import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Finds the token endpoint an mTLS client must use from Tessera's authorization server
 * metadata (RFC 8414): {@code mtls_endpoint_aliases.token_endpoint} (RFC 8705 §5), or,
 * when the server lists no aliases, its ordinary {@code token_endpoint} if that is HTTPS.
 * <p>
 * Discovery rather than a configured URL, because Tessera's mTLS endpoints live on
 * another port and, behind a TLS-terminating proxy, on another host
 * ({@code TESSERA_TLS_URL}); Tessera advertises where they are, so the client needs only
 * the issuer, as for every other grant. The document's {@code issuer} must be exactly the
 * configured one (RFC 8414 §3.3), so a wrong or spoofed document is refused, and the
 * endpoint it names must be HTTPS: a client certificate is presented in a TLS handshake
 * only.
 */
public final class MtlsTokenEndpoint {

	private MtlsTokenEndpoint() {
	}

	/**
	 * @param issuer Tessera's issuer identifier
	 * @param requestFactory how to reach it (the metadata is public; the same TLS trust
	 * as the token request is used when the issuer is HTTPS)
	 * @return the token endpoint to send {@code tls_client_auth} requests to, always
	 * HTTPS
	 * @throws IllegalArgumentException when the issuer is plain {@code http} to another
	 * host than a loopback one (whoever is on the path could name their own endpoints)
	 * @throws IllegalStateException when the document is not the issuer's, or names no
	 * HTTPS token endpoint
	 */
	public static URI discover(URI issuer, ClientHttpRequestFactory requestFactory) {
		HttpsOrLoopback.check("The issuer (TESSERA_ISSUER)", issuer);
		URI location = metadataLocation(issuer);
		String document = RestClient.builder()
			.requestFactory(requestFactory)
			.build()
			.get()
			.uri(location)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(String.class);
		AuthorizationServerMetadata metadata = parse(location, document);
		if (!issuer.toString().equals(metadata.getIssuer().getValue())) {
			throw new IllegalStateException("The metadata at " + location + " is for issuer "
					+ metadata.getIssuer().getValue() + ", not " + issuer);
		}
		AuthorizationServerEndpointMetadata aliases = metadata.getMtlsEndpointAliases();
		if (aliases != null && aliases.getTokenEndpointURI() != null) {
			URI alias = aliases.getTokenEndpointURI();
			if (!"https".equalsIgnoreCase(alias.getScheme())) {
				throw new IllegalStateException("The metadata at " + location
						+ " names an mTLS token endpoint that is not HTTPS, where no client certificate can be "
						+ "presented: " + alias);
			}
			return alias;
		}
		URI tokenEndpoint = metadata.getTokenEndpointURI();
		if (tokenEndpoint != null && "https".equalsIgnoreCase(tokenEndpoint.getScheme())) {
			return tokenEndpoint;
		}
		throw new IllegalStateException(issuer + " advertises no mTLS token endpoint (no mtls_endpoint_aliases, and "
				+ "its token_endpoint is not HTTPS): is Tessera's TLS port open (TESSERA_TLS_PORT and a certificate)?");
	}

	/**
	 * RFC 8414 §3.1: {@code /.well-known/oauth-authorization-server} goes between the
	 * host and the issuer's path.
	 */
	static URI metadataLocation(URI issuer) {
		String path = (issuer.getRawPath() != null) ? issuer.getRawPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return UriComponentsBuilder.fromUri(issuer)
			.replacePath("/.well-known/oauth-authorization-server" + path)
			.build(true)
			.toUri();
	}

	private static AuthorizationServerMetadata parse(URI location, String document) {
		try {
			return AuthorizationServerMetadata.parse(document);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The metadata at " + location + " is not valid: " + ex.getMessage(), ex);
		}
	}

}
