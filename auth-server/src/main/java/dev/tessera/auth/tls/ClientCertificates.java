package dev.tessera.auth.tls;

import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client certificate chain of a request, leaf first: the one the TLS handshake
 * received on the HTTPS connector, or the one a trusted proxy forwarded in the RFC 9440
 * {@code Client-Cert} header (put in the same place by the filter that checks the proxy).
 * Nothing else reads the servlet attribute, so both ways in are treated alike.
 */
public final class ClientCertificates {

	/** The Servlet specification's attribute, where Tomcat puts the handshake's chain. */
	public static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private ClientCertificates() {
	}

	/** The chain, leaf first; empty when the request carries no client certificate. */
	public static List<X509Certificate> of(HttpServletRequest request) {
		Object chain = request.getAttribute(ATTRIBUTE);
		if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
			return List.of(certificates);
		}
		return List.of();
	}

}
