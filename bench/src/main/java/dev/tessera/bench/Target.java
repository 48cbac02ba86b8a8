package dev.tessera.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A server under test as the load generator sees it: its nodes (one, or several behind
 * the benchmark's own round-robin), its issuer, and the clients the benchmark registered
 * with it.
 *
 * @param label the name in the report
 * @param kind {@code Tessera} or {@code baseline}, for the comparison
 * @param nodes base URIs on loopback; requests go round-robin over them
 * @param issuer the issuer
 * @param clientId the {@code client_secret_basic} client
 * @param clientSecret its secret
 * @param assertions assertions of the {@code private_key_jwt} client
 * @param jwtBearer the client and partner assertions of the JWT-bearer scenario, or
 * {@code null} where it does not run (the baseline, or when not chosen)
 * @param refresh the user and code-flow client of the refresh scenario, or {@code null}
 * where it does not run
 * @param mtls the {@code tls_client_auth} client and the nodes' TLS ports, or
 * {@code null} where the mTLS scenarios do not run
 */
record Target(String label, String kind, List<URI> nodes, String issuer, String clientId, String clientSecret,
		AssertionPool assertions, JwtBearerClient jwtBearer, RefreshClient refresh, MtlsClient mtls) {

	/** A server without the mTLS scenarios. */
	Target(String label, String kind, List<URI> nodes, String issuer, String clientId, String clientSecret,
			AssertionPool assertions, JwtBearerClient jwtBearer, RefreshClient refresh) {
		this(label, kind, nodes, issuer, clientId, clientSecret, assertions, jwtBearer, refresh, null);
	}

	URI node(long sequence) {
		return this.nodes.get((int) (sequence % this.nodes.size()));
	}

	boolean isBaseline() {
		return "baseline".equals(this.kind);
	}

	int nodeCount() {
		return this.nodes.size();
	}

	/** Only the first node, to compare one node of a cluster with the cluster. */
	Target firstNodeOnly(String label) {
		MtlsClient firstTls = (this.mtls != null) ? new MtlsClient(this.mtls.clientId(),
				List.of(this.mtls.nodes().get(0)), this.mtls.keys(), this.mtls.trust(), this.mtls.thumbprint()) : null;
		return new Target(label, this.kind, List.of(this.nodes.get(0)), this.issuer, this.clientId, this.clientSecret,
				this.assertions, this.jwtBearer, this.refresh, firstTls);
	}

	/** A fresh access token of the secret client, for introspection. */
	String accessToken() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = LoadGenerator.newRequest(this.nodes.get(0).resolve("/oauth2/token"))
			.header("Authorization", HttpForms.basic(this.clientId, this.clientSecret))
			.header("Content-Type", HttpForms.FORM)
			.POST(HttpRequest.BodyPublishers
				.ofString(HttpForms.form("grant_type", "client_credentials", "scope", Workloads.SCOPE)))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new BenchmarkException(
						this.label + " refused a token: HTTP " + response.statusCode() + " " + response.body());
			}
			Map<String, Object> json = JSONObjectUtils.parse(response.body());
			return (String) json.get("access_token");
		}
		catch (java.io.IOException | java.text.ParseException ex) {
			throw new BenchmarkException(this.label + ": could not get a token: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

}
