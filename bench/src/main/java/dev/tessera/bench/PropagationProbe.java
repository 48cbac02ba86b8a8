package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How long a change made through one node takes to reach another: a fresh client gets a
 * token from both nodes (so both have just cached it), is disabled through node 1, and
 * both nodes' token endpoints are polled until they answer 401 {@code invalid_client}.
 * Because the other node cached the client a moment before the change, the delay measured
 * there is the worst case an operator can see.
 */
final class PropagationProbe {

	private static final long POLL_MILLIS = 20;

	private PropagationProbe() {
	}

	static Propagation measure(TesseraAdmin admin, URI nodeA, URI nodeB, String cacheTtl, Duration timeout,
			Deadline deadline) {
		TesseraAdmin.RegisteredClient client = admin.createSecretClient("bench propagation");
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String authorization = HttpForms.basic(client.clientId(), client.clientSecret());
		for (URI node : new URI[] { nodeA, nodeB }) {
			int status = tokenStatus(http, node, authorization);
			if (status != 200) {
				throw new BenchmarkException("the propagation client got HTTP " + status + " from " + node);
			}
		}
		admin.setEnabled(client.clientId(), false);
		long changed = System.nanoTime();
		Duration throughNode = null;
		Duration otherNode = null;
		int polls = 0;
		long end = deadline.endOr(timeout.toNanos());
		while ((throughNode == null || otherNode == null) && System.nanoTime() - end < 0) {
			if (throughNode == null && tokenStatus(http, nodeA, authorization) == 401) {
				throughNode = Duration.ofNanos(System.nanoTime() - changed);
			}
			if (otherNode == null) {
				polls++;
				if (tokenStatus(http, nodeB, authorization) == 401) {
					otherNode = Duration.ofNanos(System.nanoTime() - changed);
				}
			}
			if (throughNode == null || otherNode == null) {
				ServerProcess.sleep(POLL_MILLIS);
			}
		}
		if (throughNode == null || otherNode == null) {
			throw new BenchmarkException("a disabled client was still accepted after " + Durations.format(timeout)
					+ " by " + ((throughNode == null) ? nodeA : nodeB));
		}
		return new Propagation(throughNode, otherNode, cacheTtl, polls);
	}

	private static int tokenStatus(HttpClient http, URI node, String authorization) {
		HttpRequest request = LoadGenerator.newRequest(node.resolve("/oauth2/token"))
			.header("Authorization", authorization)
			.header("Content-Type", HttpForms.FORM)
			.POST(HttpRequest.BodyPublishers
				.ofString(HttpForms.form("grant_type", "client_credentials", "scope", Workloads.SCOPE)))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 401 && !response.body().contains("invalid_client")) {
				throw new BenchmarkException("401 without invalid_client from " + node + ": " + response.body());
			}
			return response.statusCode();
		}
		catch (IOException ex) {
			throw new BenchmarkException("token request to " + node + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

}
