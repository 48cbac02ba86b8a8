package dev.tessera.auth.protocol;

import dev.tessera.auth.audit.write.AuditedWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where {@link AuditedWrite}s may wait for their request's audit event: only on requests
 * whose effect is the answer itself, sent after its event is committed, and that change
 * nothing before: a {@code client_credentials} token request (stored nothing, see
 * {@code StatelessAuthorizationService}) and introspection. Anywhere else (revocation,
 * which revokes before it records; a grant that consumes a code or rotates a refresh
 * token before its answer) {@link #attach} declines and the caller writes at once.
 * Writes left over when the request ends (an error before any event) are dropped with it.
 */
public class AuditedWriteScope extends OncePerRequestFilter {

	private static final ThreadLocal<List<AuditedWrite>> PENDING = new ThreadLocal<>();

	private final String tokenEndpoint;

	private final String introspectionEndpoint;

	public AuditedWriteScope(String tokenEndpoint, String introspectionEndpoint) {
		this.tokenEndpoint = tokenEndpoint;
		this.introspectionEndpoint = introspectionEndpoint;
	}

	/**
	 * Hands the write to the current request's audit event.
	 * @return false if this request has no such scope: the caller must write it itself
	 */
	public static boolean attach(AuditedWrite write) {
		List<AuditedWrite> pending = PENDING.get();
		if (pending == null) {
			return false;
		}
		pending.add(write);
		return true;
	}

	/** The writes waiting in this request, now owned by the event being recorded. */
	public static List<AuditedWrite> drain() {
		List<AuditedWrite> pending = PENDING.get();
		if (pending == null || pending.isEmpty()) {
			return List.of();
		}
		List<AuditedWrite> drained = List.copyOf(pending);
		pending.clear();
		return drained;
	}

	/** Only {@code POST}s to the two endpoints, and on the token endpoint only client credentials. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return true;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals(this.introspectionEndpoint)) {
			return false;
		}
		if (!path.equals(this.tokenEndpoint)) {
			return true;
		}
		try {
			return !"client_credentials".equals(request.getParameter("grant_type"));
		}
		catch (RuntimeException ex) {
			return true; // a body the container cannot parse: Spring answers it; nothing here to defer
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PENDING.set(new ArrayList<>(1));
		try {
			chain.doFilter(request, response);
		}
		finally {
			PENDING.remove();
		}
	}

}
