package dev.tessera.auth.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips a test whose precondition is missing on this machine, except under CI
 * ({@code CI=true}), where a missing precondition is a failure: a green CI run must not
 * hide a test that never ran.
 */
public final class Ci {

	private Ci() {
	}

	public static void require(boolean precondition, String missing) {
		if (!precondition && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true, and " + missing);
		}
		assumeTrue(precondition, missing);
	}

}
