package dev.tessera.admin.signin;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a page request that arrives under another host name (say {@code localhost} for a
 * console configured as {@code 127.0.0.1}) to the configured URL first. The sign-in
 * returns to the registered redirect URI, on the configured host; begun under another
 * host, its session cookie would not come back and the sign-in would fail. Only safe
 * methods are redirected; the health endpoint is left alone for probes.
 */
public class CanonicalHostFilter extends OncePerRequestFilter {

	private final URI console;

	public CanonicalHostFilter(URI console) {
		this.console = console;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
				|| request.getRequestURI().startsWith(request.getContextPath() + "/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isCanonical(request)) {
			chain.doFilter(request, response);
			return;
		}
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		response.sendRedirect(
				ConsoleClientRegistrations.withoutTrailingSlash(this.console) + request.getRequestURI() + query);
	}

	private boolean isCanonical(HttpServletRequest request) {
		return this.console.getHost().equalsIgnoreCase(request.getServerName())
				&& port(this.console) == request.getServerPort();
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equals(uri.getScheme()) ? 443 : 80;
	}

}
