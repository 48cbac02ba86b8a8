package dev.tessera.auth.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Waiting for something another thread or node does, without fixed sleeps. */
public final class Poll {

	private Poll() {
	}

	/** The condition's first non-null value, checked every 100 ms until the timeout. */
	public static <T> T await(Duration timeout, Supplier<T> condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			T value = condition.get();
			if (value != null) {
				return value;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Condition not met within " + timeout);
	}

	/** The key ids a resource server would find in the node's JWKS right now. */
	@SuppressWarnings("unchecked")
	public static List<String> jwksKids(Http http) {
		List<Map<String, Object>> keys = (List<Map<String, Object>>) http.get("/oauth2/jwks").json().get("keys");
		return keys.stream().map(key -> (String) key.get("kid")).toList();
	}

}
