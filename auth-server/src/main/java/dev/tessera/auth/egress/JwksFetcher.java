package dev.tessera.auth.egress;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * Fetches the public key sets that admins register by URL (a client's {@code jwksUri},
 * a trusted issuer's), under the contract's outbound rules: only URLs that
 * {@link EgressPolicy} allows, the host resolved and checked right before each call, no
 * redirects, a 2 s connect timeout and a 3 s deadline for the whole exchange, 200 only,
 * at most 64 KiB, and only public keys. Each URL's key set is cached for a TTL; a forced
 * {@link #refresh} (for a {@code kid} the cached set lacks) happens at most once per
 * interval per URL, so unknown key ids cannot turn the server into a request amplifier.
 */
public class JwksFetcher {

	/** How large a key set may be. */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

	public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

	private final EgressPolicy policy;

	private final HttpClient http;

	private final Cache<URI, JWKSet> keySets;

	private final Cache<URI, Boolean> recentRefreshes;

	/**
	 * @param allowLoopbackHttp whether loopback destinations, over http too, are allowed
	 * (outside production mode only)
	 * @param ttl how long a fetched key set is used before it is fetched again
	 */
	public JwksFetcher(boolean allowLoopbackHttp, Duration ttl) {
		this(allowLoopbackHttp, ttl, DEFAULT_MIN_REFRESH_INTERVAL);
	}

	public JwksFetcher(boolean allowLoopbackHttp, Duration ttl, Duration minRefreshInterval) {
		this.policy = new EgressPolicy(allowLoopbackHttp);
		this.http = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.keySets = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
		this.recentRefreshes = Caffeine.newBuilder().expireAfterWrite(minRefreshInterval).maximumSize(10_000).build();
	}

	/**
	 * Checks a URL an admin wants to register (no DNS query is made: the host is
	 * resolved and checked again before every fetch).
	 * @return the URL as a URI
	 * @throws IllegalArgumentException with a message saying what is wrong
	 */
	public static URI validateUrl(String url, boolean allowLoopbackHttp) {
		return new EgressPolicy(allowLoopbackHttp).parse(url);
	}

	/** The key set at this URL, from the cache while it is fresh. */
	public JWKSet get(URI uri) {
		return this.keySets.get(uri, this::fetch);
	}

	/**
	 * The key set fetched anew, bypassing the cache, unless this URL was force-refreshed
	 * within the minimum interval: then the cached set (fetched if absent).
	 */
	public JWKSet refresh(URI uri) {
		if (this.recentRefreshes.asMap().putIfAbsent(uri, Boolean.TRUE) != null) {
			return get(uri);
		}
		JWKSet fresh = fetch(uri);
		this.keySets.put(uri, fresh);
		return fresh;
	}

	private JWKSet fetch(URI uri) {
		URI checked;
		try {
			checked = this.policy.parse(uri.toString());
		}
		catch (IllegalArgumentException ex) {
			throw new EgressException("Refused: " + ex.getMessage());
		}
		this.policy.checkDestination(checked);
		HttpResponse<byte[]> response = send(checked);
		int status = response.statusCode();
		if (status >= 300 && status < 400) {
			throw new EgressException("Refused: the JWKS URL answered with a redirect (HTTP " + status
					+ "); register the final URL");
		}
		if (status != 200) {
			throw new EgressException("The JWKS URL answered HTTP " + status);
		}
		return parse(response.body());
	}

	private HttpResponse<byte[]> send(URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/jwk-set+json, application/json")
			.GET()
			.build();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.http.sendAsync(request, JwksFetcher::boundedBody);
		try {
			return exchange.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw timedOut();
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new EgressException("Interrupted while fetching the JWKS");
		}
		catch (ExecutionException ex) {
			throw translate(ex.getCause());
		}
	}

	private static HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info) {
		if (info.statusCode() != 200) {
			return BoundedBodySubscriber.discarding();
		}
		long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
		if (declared > MAX_BODY_BYTES) {
			return BoundedBodySubscriber.refusing(BoundedBodySubscriber.tooLarge(MAX_BODY_BYTES));
		}
		return BoundedBodySubscriber.limitedTo(MAX_BODY_BYTES);
	}

	private static JWKSet parse(byte[] body) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
		}
		catch (ParseException ex) {
			throw new EgressException("The JWKS URL did not return a valid JWK set");
		}
		for (JWK key : keys.getKeys()) {
			if (key.isPrivate()) {
				throw new EgressException("Refused: the JWK set contains a private or symmetric key"
						+ ((key.getKeyID() != null) ? " (kid " + key.getKeyID() + ")" : "")
						+ "; publish public keys only");
			}
		}
		return keys;
	}

	private static EgressException translate(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof EgressException egress) {
				return egress;
			}
			if (t instanceof HttpConnectTimeoutException) {
				return new EgressException("Could not connect to the JWKS URL within " + CONNECT_TIMEOUT.toSeconds()
						+ " s");
			}
			if (t instanceof HttpTimeoutException) {
				return timedOut();
			}
			if (t instanceof ConnectException) {
				return new EgressException("Could not connect to the JWKS URL");
			}
		}
		if (cause instanceof IOException) {
			return new EgressException("Fetching the JWKS failed: " + cause.getClass().getSimpleName());
		}
		return new EgressException("Fetching the JWKS failed", cause);
	}

	private static EgressException timedOut() {
		return new EgressException("The JWKS URL did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
	}

}
