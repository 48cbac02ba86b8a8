package dev.tessera.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body above {@code tessera.limits.max-body-bytes} with {@code 413}
 * (RFC 6749 {@code invalid_request} JSON on the OAuth endpoints, a problem elsewhere)
 * before anything reads it: at once when its {@code Content-Length} says so, and for a
 * chunked body (no length) once that many bytes have arrived; a chunked body within the
 * limit is passed on read, so nothing after this reads more. Form bodies are the strict
 * form decoding's ({@code protocol.StrictFormFilter}), which applies the same limit.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final ErrorResponses errors;

	private final int maxBodyBytes;

	public RequestBodyLimitFilter(ErrorResponses errors, int maxBodyBytes) {
		this.errors = errors;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.maxBodyBytes) {
			refuse(request, response);
			return;
		}
		if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body = request.getInputStream().readNBytes(this.maxBodyBytes + 1);
			if (body.length > this.maxBodyBytes) {
				refuse(request, response);
				return;
			}
			chain.doFilter(new ReadBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
				"The request body is larger than " + this.maxBodyBytes + " bytes");
	}

}
