package dev.tessera.auth.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where {@link AuditedWrite}s may wait for their request's audit event: only on endpoints
 * whose effect is the answer itself and whose answer is sent after its event is committed
 * (token issuance, introspection), registered for those paths in
 * {@link AuditConfiguration}. Anywhere else (revocation, which revokes before it records)
 * {@link #attach} declines and the caller writes at once. Writes left over when the
 * request ends (an error before any event) are dropped with it.
 */
public class AuditedWriteScope extends OncePerRequestFilter {

	private static final ThreadLocal<List<AuditedWrite>> PENDING = new ThreadLocal<>();

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
	static List<AuditedWrite> drain() {
		List<AuditedWrite> pending = PENDING.get();
		if (pending == null || pending.isEmpty()) {
			return List.of();
		}
		List<AuditedWrite> drained = List.copyOf(pending);
		pending.clear();
		return drained;
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
