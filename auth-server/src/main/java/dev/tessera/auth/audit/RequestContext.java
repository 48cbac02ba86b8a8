package dev.tessera.auth.audit;

/**
 * Who is calling and under which correlation id, for the current request thread (set
 * by {@link CorrelationFilter}); background work gets a fresh correlation id and no
 * source address.
 */
public record RequestContext(String correlationId, String sourceIp) {

	private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

	public static RequestContext current() {
		RequestContext context = CURRENT.get();
		return (context != null) ? context : new RequestContext(CorrelationIds.generate(), null);
	}

	static void set(RequestContext context) {
		CURRENT.set(context);
	}

	static void clear() {
		CURRENT.remove();
	}

}
