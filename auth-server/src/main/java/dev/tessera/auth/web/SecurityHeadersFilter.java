package dev.tessera.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes {@link SecurityHeaders} before anything else runs, so that every response of the
 * application port has them, the refusals of the filters after it included. Error
 * dispatches pass through it too.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

	private final SecurityHeaders headers;

	public SecurityHeadersFilter(SecurityHeaders headers) {
		this.headers = headers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.headers.write(request, response);
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** The container may have reset the headers before its error dispatch. */
	@Override
	protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		this.headers.write(request, response);
		chain.doFilter(request, response);
	}

}
