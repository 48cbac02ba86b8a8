package dev.tessera.bench;

import java.net.URI;
import java.time.Duration;

/**
 * Checks, before any phase, that every node runs the whole refresh scenario once: the
 * authorization code flow with a sign-in, and a refresh that rotates the refresh token. A
 * build without users, sign-in, the code flow or rotation fails here with the step and
 * the server's answer instead of as a phase full of errors; a node that has not yet heard
 * of the new client gets a few seconds.
 */
final class RefreshProbe {

	private static final long RETRY_MILLIS = 200;

	private RefreshProbe() {
	}

	/**
	 * @throws BenchmarkException when a node does not complete the flow within
	 * {@code timeout}, with its last answer
	 */
	static void awaitWorking(Target target, Duration timeout, Deadline deadline) {
		CodeFlow flow = new CodeFlow(target.refresh(), target.issuer());
		for (URI node : target.nodes()) {
			long end = deadline.endOr(timeout.toNanos());
			while (true) {
				try {
					CodeFlow.Tokens first = flow.run(node);
					CodeFlow.Tokens second = flow.refresh(node, first.refreshToken());
					flow.refresh(node, second.refreshToken());
					break;
				}
				catch (BenchmarkException ex) {
					if (System.nanoTime() - end >= 0) {
						throw new BenchmarkException(
								target.label() + " at " + node + " did not complete the code flow and a refresh within "
										+ Durations.format(timeout) + ": " + ex.getMessage(),
								ex);
					}
					deadline.check("probing the refresh scenario");
					ServerProcess.sleep(RETRY_MILLIS);
				}
			}
		}
	}

}
