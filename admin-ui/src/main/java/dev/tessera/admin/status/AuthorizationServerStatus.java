package dev.tessera.admin.status;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads the authorization server's metadata (RFC 8414) and key set server-side so the
 * console can show which server it is attached to. Every failure (network, HTTP status,
 * malformed or mismatched metadata) becomes an
 * {@link AuthorizationServerState.Unreachable} with a short reason: a status page must
 * never fail because the thing it reports on is down.
 * <p>
 * The issuer comes from operator configuration; the JWKS URL comes from that issuer's
 * metadata, which is only trusted after its {@code issuer} matches.
 */
public class AuthorizationServerStatus {

	static final String WELL_KNOWN_PATH = "/.well-known/oauth-authorization-server";

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationServerStatus.class);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final RestClient restClient;

	private final URI issuer;

	private final URI metadataUri;

	/**
	 * @param restClient the client to call the authorization server with (it should have
	 * short timeouts, see {@link #withTimeouts})
	 * @param issuer the configured issuer identifier
	 */
	public AuthorizationServerStatus(RestClient restClient, URI issuer) {
		this.restClient = restClient;
		this.issuer = issuer;
		this.metadataUri = metadataUri(issuer);
	}

	/**
	 * A status reader whose calls give up after the given connect and read timeouts.
	 */
	public static AuthorizationServerStatus withTimeouts(URI issuer, Duration connectTimeout, Duration readTimeout) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(connectTimeout);
		requestFactory.setReadTimeout(readTimeout);
		return new AuthorizationServerStatus(RestClient.builder().requestFactory(requestFactory).build(), issuer);
	}

	/**
	 * The RFC 8414 metadata URL of an issuer: the well-known path goes between the host
	 * and the issuer's path (without a trailing slash), so {@code http://localhost:9000}
	 * becomes {@code http://localhost:9000/.well-known/oauth-authorization-server}.
	 */
	static URI metadataUri(URI issuer) {
		String path = (issuer.getRawPath() != null) ? issuer.getRawPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + WELL_KNOWN_PATH + path);
	}

	/** Reads the metadata and key set now; never throws for a failing server. */
	public AuthorizationServerState check() {
		try {
			Map<String, Object> metadata = fetchJsonObject("metadata", this.metadataUri);
			String advertisedIssuer = requiredString(metadata, "issuer");
			if (!this.issuer.toString().equals(advertisedIssuer)) {
				throw new UnusableAnswer("metadata at " + this.metadataUri + " is for issuer " + advertisedIssuer);
			}
			String tokenEndpoint = requiredString(metadata, "token_endpoint");
			URI jwksUri = requiredHttpUrl(metadata, "jwks_uri");
			Map<String, Object> jwks = fetchJsonObject("JWKS", jwksUri);
			if (!(jwks.get("keys") instanceof List<?> keys)) {
				throw new UnusableAnswer("JWKS at " + jwksUri + " has no \"keys\" array");
			}
			return new AuthorizationServerState.Reachable(this.issuer, tokenEndpoint, keys.size());
		}
		catch (UnusableAnswer ex) {
			logger.warn("Authorization server {} unreachable: {}", this.issuer, ex.getMessage());
			logger.debug("Authorization server check failed", ex);
			return new AuthorizationServerState.Unreachable(this.issuer, ex.getMessage());
		}
	}

	private Map<String, Object> fetchJsonObject(String what, URI uri) {
		try {
			Map<String, Object> body = this.restClient.get().uri(uri).retrieve().body(JSON_OBJECT);
			if (body == null) {
				throw new UnusableAnswer(what + " at " + uri + ": empty response");
			}
			return body;
		}
		catch (RestClientResponseException ex) {
			throw new UnusableAnswer(what + " at " + uri + ": HTTP " + ex.getStatusCode().value(), ex);
		}
		catch (ResourceAccessException ex) {
			throw new UnusableAnswer(what + " at " + uri + ": " + describe(ex), ex);
		}
		catch (RestClientException ex) {
			throw new UnusableAnswer(what + " at " + uri + ": not a JSON object", ex);
		}
	}

	private static String describe(ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
				return "timed out";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown host";
			}
		}
		Throwable root = (ex.getCause() != null) ? ex.getCause() : ex;
		return "network error (" + root.getClass().getSimpleName() + ")";
	}

	private String requiredString(Map<String, Object> metadata, String name) {
		if (metadata.get(name) instanceof String value && !value.isBlank()) {
			return value;
		}
		throw new UnusableAnswer("metadata at " + this.metadataUri + " has no \"" + name + "\"");
	}

	private URI requiredHttpUrl(Map<String, Object> metadata, String name) {
		String value = requiredString(metadata, name);
		try {
			URI uri = new URI(value);
			if (uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new UnusableAnswer("metadata at " + this.metadataUri + " has an invalid \"" + name + "\"");
	}

	/** The authorization server's answer could not be used; the message says why. */
	private static final class UnusableAnswer extends RuntimeException {

		UnusableAnswer(String message) {
			super(message);
		}

		UnusableAnswer(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
