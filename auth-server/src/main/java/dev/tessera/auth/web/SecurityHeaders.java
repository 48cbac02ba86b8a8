package dev.tessera.auth.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers every response of the server carries, whoever writes it (a
 * protocol endpoint, the admin API, a servlet filter's refusal, the container's error
 * dispatch, the error report of a request Tomcat refuses before any filter):
 * {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} (nothing here is
 * meant to be framed; the HTML pages add {@code frame-ancestors 'none'} to their own
 * policy), and {@code Strict-Transport-Security} on HTTPS.
 * <p>
 * HTTPS means the request came over TLS (the mTLS connector), or the issuer is an
 * {@code https} URL: then the server sits behind a proxy that terminates TLS, every
 * honest caller reaches it over HTTPS, and the proxy passes the header on (a browser
 * ignores it on plain HTTP, RFC 6797 §8.1). Spring Security's own writer looks at the
 * request alone, which behind such a proxy is never secure. Headers already set are left
 * as they are, and Spring Security's writers leave these alone in turn.
 */
public final class SecurityHeaders {

	/** One year, subdomains included, as Spring Security's default. */
	public static final String HSTS = "max-age=31536000 ; includeSubDomains";

	private final boolean httpsIssuer;

	public SecurityHeaders(boolean httpsIssuer) {
		this.httpsIssuer = httpsIssuer;
	}

	/** For an issuer identifier: HSTS on every response when it is an https URL. */
	public static SecurityHeaders forIssuer(String issuer) {
		return new SecurityHeaders(issuer != null && "https".equalsIgnoreCase(URI.create(issuer).getScheme()));
	}

	/** Sets the headers this response does not have yet. */
	public void write(HttpServletRequest request, HttpServletResponse response) {
		setIfAbsent(response, "X-Content-Type-Options", "nosniff");
		setIfAbsent(response, "X-Frame-Options", "DENY");
		if (this.httpsIssuer || request.isSecure()) {
			setIfAbsent(response, "Strict-Transport-Security", HSTS);
		}
	}

	private static void setIfAbsent(HttpServletResponse response, String name, String value) {
		if (!response.containsHeader(name)) {
			response.setHeader(name, value);
		}
	}

}
