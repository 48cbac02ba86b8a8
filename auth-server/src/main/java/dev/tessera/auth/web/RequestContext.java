package dev.tessera.auth.web;

/**
 * Who is calling and under which correlation id, for the current request thread (set by
 * {@link CorrelationFilter}); background work gets a fresh correlation id and no source
 * address.
 */
public record RequestContext(String correlationId, String sourceIp) {

	private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

	public static RequestContext current() {
		RequestContext context = CURRENT.get();
		return (context != null) ? context : new RequestContext(CorrelationIds.generate(), null);
	}

	public static void set(RequestContext context) {
		CURRENT.set(context);
	}

	public static void clear() {
		CURRENT.remove();
	}

}
