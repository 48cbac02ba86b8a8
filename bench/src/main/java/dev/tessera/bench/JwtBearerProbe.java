package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks, before any phase, that every node exchanges the partner's assertion for a
 * token: the trusted issuer is registered through node 1, and the other nodes learn of it
 * through the cluster's invalidation a moment later. Without the check the first requests
 * of a phase could fail for a reason that is not the server's speed; and a build without
 * the grant fails here, with the server's answer, instead of as a phase full of errors.
 */
final class JwtBearerProbe {

	private static final long RETRY_MILLIS = 100;

	private JwtBearerProbe() {
	}

	/**
	 * Waits until each node of the target answers a JWT-bearer exchange with 200.
	 * @throws BenchmarkException when a node does not within {@code timeout}, or says it
	 * has no such grant
	 */
	static void awaitAccepted(Target target, Duration timeout, Deadline deadline) {
		JwtBearerClient client = target.jwtBearer();
		String authorization = HttpForms.basic(client.clientId(), client.clientSecret());
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		for (URI node : target.nodes()) {
			long end = deadline.endOr(timeout.toNanos());
			while (true) {
				HttpResponse<String> response = exchange(http, node, authorization, client.assertions().take());
				if (response.statusCode() == 200) {
					break;
				}
				if (response.body().contains("unsupported_grant_type")) {
					throw new BenchmarkException(target.label() + " at " + node
							+ " has no JWT-bearer grant (build the auth server from a commit that has it): HTTP "
							+ response.statusCode() + " " + response.body());
				}
				if (System.nanoTime() - end >= 0) {
					throw new BenchmarkException(target.label() + " at " + node
							+ " did not accept the partner's assertion within " + Durations.format(timeout) + ": HTTP "
							+ response.statusCode() + " " + response.body());
				}
				ServerProcess.sleep(RETRY_MILLIS);
			}
		}
	}

	private static HttpResponse<String> exchange(HttpClient http, URI node, String authorization, String assertion) {
		HttpRequest request = LoadGenerator.newRequest(node.resolve("/oauth2/token"))
			.header("Authorization", authorization)
			.header("Content-Type", HttpForms.FORM)
			.POST(HttpRequest.BodyPublishers.ofString(HttpForms.form("grant_type", Workloads.JWT_BEARER_GRANT,
					"assertion", assertion, "scope", Workloads.SCOPE)))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new BenchmarkException("JWT-bearer exchange at " + node + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

}
