package dev.tessera.auth.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where a request's correlation id comes from: a valid {@code X-Correlation-Id}, else the
 * trace id of a valid W3C {@code traceparent}, else a new random one. Anything else a
 * client sends is ignored, so ids are safe to log and store.
 */
public final class CorrelationIds {

	private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

	private CorrelationIds() {
	}

	public static String resolve(String correlationHeader, String traceparent) {
		if (correlationHeader != null && CORRELATION_ID.matcher(correlationHeader).matches()) {
			return correlationHeader;
		}
		if (traceparent != null) {
			var matcher = TRACEPARENT.matcher(traceparent.trim());
			if (matcher.matches() && !matcher.group(1).equals("0".repeat(32))) {
				return matcher.group(1);
			}
		}
		return generate();
	}

	/** 128 random bits; not a secret, so no contended SecureRandom on every request. */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}
