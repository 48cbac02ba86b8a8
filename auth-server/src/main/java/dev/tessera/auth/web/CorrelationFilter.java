package dev.tessera.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First thing on every request: settles its correlation id (echoed in
 * {@code X-Correlation-Id} on every response and put in every log line through the MDC)
 * and the caller's address, for the audit events the request produces.
 */
public class CorrelationFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Correlation-Id";

	private final ClientAddressResolver addresses;

	public CorrelationFilter(ClientAddressResolver addresses) {
		this.addresses = addresses;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String correlationId = CorrelationIds.resolve(request.getHeader(HEADER), request.getHeader("traceparent"));
		RequestContext.set(new RequestContext(correlationId,
				this.addresses.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"))));
		MDC.put("correlationId", correlationId);
		response.setHeader(HEADER, correlationId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("correlationId");
			RequestContext.clear();
		}
	}

}
