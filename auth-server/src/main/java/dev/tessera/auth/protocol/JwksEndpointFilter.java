package dev.tessera.auth.protocol;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.key.KeySnapshot;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code GET} on the JWK Set endpoint ahead of the security filter chain, straight
 * from the current {@link KeySnapshot}: the document is serialized once per key change,
 * with {@code Cache-Control: public, max-age} (shorter than the pre-publication lead, so
 * every cache holds a new key before it signs), a strong {@code ETag}, and {@code 304}
 * for a matching {@code If-None-Match}. Other methods fall through to the authorization
 * server.
 */
public class JwksEndpointFilter extends OncePerRequestFilter {

	private final String path;

	private final SigningKeys keys;

	private final String cacheControl;

	/**
	 * @param path the JWK Set endpoint's path ({@code AuthorizationServerSettings})
	 */
	public JwksEndpointFilter(String path, SigningKeys keys, Duration maxAge) {
		this.path = path;
		this.keys = keys;
		this.cacheControl = "public, max-age=" + maxAge.toSeconds();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !("GET".equals(method) || "HEAD".equals(method)) || !this.path.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		KeySnapshot snapshot = this.keys.current();
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setHeader(HttpHeaders.ETAG, snapshot.etag());
		response.setHeader("X-Content-Type-Options", "nosniff");
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && matches(ifNoneMatch, snapshot.etag())) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.setContentLength(snapshot.jwksJson().length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(snapshot.jwksJson());
		}
	}

	private static boolean matches(String ifNoneMatch, String etag) {
		for (String candidate : ifNoneMatch.split(",")) {
			String trimmed = candidate.trim();
			// If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x"
			if (trimmed.startsWith("W/")) {
				trimmed = trimmed.substring(2);
			}
			if (trimmed.equals("*") || trimmed.equals(etag)) {
				return true;
			}
		}
		return false;
	}

}
