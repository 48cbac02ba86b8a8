package dev.tessera.auth.user.signin;

import org.springframework.context.ApplicationContext;

/**
 * Lets tests in any package clear the sign-in throttle of a running server: it is per
 * node and in memory, and test classes share one server per Spring context, so wrong
 * sign-ins in one class (all from 127.0.0.1) could otherwise throttle the next.
 */
public final class SignInThrottles {

	private SignInThrottles() {
	}

	/** Forgets every counter of {@code context}'s throttle. */
	public static void clear(ApplicationContext context) {
		context.getBean(SignInThrottle.class).clear();
	}

}
