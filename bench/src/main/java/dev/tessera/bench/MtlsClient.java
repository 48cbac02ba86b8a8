package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * The mTLS scenarios' client as the load generator sees it: its id, registered with
 * {@code tls_client_auth} and the certificate's subject DN; its key and certificate; the
 * trust in the server's certificate; and the TLS port of every node (requests go
 * round-robin over them, like the plain ones).
 *
 * @param clientId the registered client
 * @param nodes {@code https://127.0.0.1:<tls port>} of each node
 * @param keys the client's key and certificate chain
 * @param trust PKIX to the bench CA, for the server's certificate
 * @param thumbprint {@code x5t#S256} of the client's certificate, which its
 * certificate-bound tokens carry in {@code cnf}
 */
record MtlsClient(String clientId, List<URI> nodes, X509KeyManager keys, X509ExtendedTrustManager trust,
		String thumbprint) {

	private static final long RETRY_MILLIS = 100;

	MtlsClient {
		nodes = List.copyOf(nodes);
	}

	URI node(long sequence) {
		return this.nodes.get((int) (sequence % this.nodes.size()));
	}

	/** A transport of its own, so that each scenario counts its own handshakes. */
	TlsTransport transport(TlsTransport.Handshakes handshakes) {
		return new TlsTransport(this.keys, this.trust, handshakes);
	}

	/** The token request: {@code client_id} in the form, the certificate in the TLS. */
	String tokenForm() {
		return HttpForms.form("grant_type", "client_credentials", "scope", Workloads.SCOPE, "client_id", this.clientId);
	}

	/**
	 * Waits until each node answers the client's token request over TLS with 200, so a
	 * node that has not yet heard of the client, or a build without
	 * {@code tls_client_auth}, fails the run here with the server's answer instead of as
	 * a phase of errors.
	 */
	void awaitAccepted(String label, Duration timeout, Deadline deadline) {
		TlsTransport transport = transport(TlsTransport.Handshakes.RESUMED);
		for (URI node : this.nodes) {
			long end = deadline.endOr(timeout.toNanos());
			try (Http1Connection connection = new Http1Connection(node, transport)) {
				while (true) {
					Http1Connection.Response response = connection
						.exchange(LoadRequest.postForm(node.resolve("/oauth2/token"), Map.of(), tokenForm()).encode());
					if (response.status() == 200) {
						break;
					}
					if (System.nanoTime() - end >= 0) {
						throw new BenchmarkException(label + " at " + node + " did not give the tls_client_auth client"
								+ " a token within " + Durations.format(timeout) + ": HTTP " + response.status() + " "
								+ response.body());
					}
					ServerProcess.sleep(RETRY_MILLIS);
				}
			}
			catch (IOException ex) {
				throw new BenchmarkException(label + ": no TLS connection to " + node + ": " + ex, ex);
			}
		}
	}

	/** Base64url SHA-256 of the DER certificate (RFC 8705 §3.1). */
	static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new BenchmarkException("cannot compute a certificate thumbprint: " + ex, ex);
		}
	}

}
