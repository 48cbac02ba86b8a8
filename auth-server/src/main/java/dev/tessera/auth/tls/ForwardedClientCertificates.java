package dev.tessera.auth.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.web.ClientAddressResolver;
import dev.tessera.auth.web.ErrorResponses;
import dev.tessera.auth.web.RfcText;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The client certificate of a request that came through a TLS-terminating proxy: RFC 9440
 * {@code Client-Cert} (the client's certificate) and {@code Client-Cert-Chain} (its
 * intermediates), believed only when the TCP peer is one of
 * {@code tessera.audit.trusted-proxies}, the same list that decides whether
 * {@code X-Forwarded-For} is believed. From such a proxy <em>only</em> the header counts:
 * the request's chain ({@link ClientCertificates}) becomes the forwarded one, or none
 * when the header is absent, so the proxy's own TLS client certificate is never taken for
 * its client's. From any other peer the headers are ignored (anyone can send them) and
 * the connection's own certificate, if any, stays. A malformed header from a trusted
 * proxy is a {@code 400 invalid_request}: a proxy that mangles certificates is a
 * configuration error to surface, not a client to treat as anonymous.
 */
public class ForwardedClientCertificates extends OncePerRequestFilter {

	/** RFC 9440 §2.2: the client's certificate, an RFC 8941 byte sequence. */
	public static final String CLIENT_CERT = "Client-Cert";

	/** RFC 9440 §2.3: the rest of the client's chain, a list of byte sequences. */
	public static final String CLIENT_CERT_CHAIN = "Client-Cert-Chain";

	/** More than any real chain (leaf, a few intermediates): a bound on the work. */
	static final int MAX_CHAIN = 10;

	private static final Logger log = LoggerFactory.getLogger(ForwardedClientCertificates.class);

	private final ClientAddressResolver proxies;

	private final ErrorResponses errors;

	public ForwardedClientCertificates(ClientAddressResolver proxies, ErrorResponses errors) {
		this.proxies = proxies;
		this.errors = errors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String peer = request.getRemoteAddr();
		if (!this.proxies.isTrustedProxy(peer)) {
			if (log.isDebugEnabled()
					&& (request.getHeader(CLIENT_CERT) != null || request.getHeader(CLIENT_CERT_CHAIN) != null)) {
				log.debug("{} header from {} ignored: not a trusted proxy (tessera.audit.trusted-proxies)", CLIENT_CERT,
						peer);
			}
			chain.doFilter(request, response);
			return;
		}
		X509Certificate[] certificates;
		try {
			certificates = forwarded(request);
		}
		catch (IllegalArgumentException ex) {
			this.errors.write(request, response, HttpStatus.BAD_REQUEST, OAuth2ErrorCodes.INVALID_REQUEST,
					RfcText.description(ex.getMessage()));
			return;
		}
		chain.doFilter(new ForwardedRequest(request, certificates), response);
	}

	/**
	 * The forwarded chain, leaf first, or null when the proxy forwarded no certificate
	 * ({@code Client-Cert-Chain} alone means nothing, RFC 9440 §2.3).
	 * @throws IllegalArgumentException saying what is malformed
	 */
	static X509Certificate[] forwarded(HttpServletRequest request) {
		List<String> leaf = Collections.list(request.getHeaders(CLIENT_CERT));
		if (leaf.isEmpty()) {
			return null;
		}
		if (leaf.size() > 1) {
			throw new IllegalArgumentException("The " + CLIENT_CERT + " header is sent more than once");
		}
		List<X509Certificate> certificates = new ArrayList<>();
		certificates.add(certificate(item(leaf.get(0)), CLIENT_CERT));
		List<String> lines = Collections.list(request.getHeaders(CLIENT_CERT_CHAIN));
		if (!lines.isEmpty()) {
			List<byte[]> members;
			try {
				members = StructuredByteSequences.list(String.join(",", lines));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"The " + CLIENT_CERT_CHAIN + " header is not an RFC 9440 list: " + ex.getMessage());
			}
			if (members.size() >= MAX_CHAIN) {
				throw new IllegalArgumentException(
						"The " + CLIENT_CERT_CHAIN + " header holds more than " + (MAX_CHAIN - 1) + " certificates");
			}
			for (byte[] member : members) {
				certificates.add(certificate(member, CLIENT_CERT_CHAIN));
			}
		}
		return certificates.toArray(new X509Certificate[0]);
	}

	private static byte[] item(String value) {
		try {
			return StructuredByteSequences.item(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"The " + CLIENT_CERT + " header is not an RFC 9440 certificate: " + ex.getMessage());
		}
	}

	/** Exactly one DER certificate, nothing before or after it. */
	private static X509Certificate certificate(byte[] der, String header) {
		try {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
			if (!Arrays.equals(certificate.getEncoded(), der)) {
				throw new CertificateException("not exactly one DER certificate");
			}
			return certificate;
		}
		catch (CertificateException | RuntimeException ex) {
			throw new IllegalArgumentException("The " + header + " header holds no DER X.509 certificate");
		}
	}

	/**
	 * The request with the forwarded chain in place of whatever the connection carried
	 * (the container may still hold the proxy's own certificate for this attribute
	 * internally, where removing the attribute does not reach).
	 */
	private static final class ForwardedRequest extends HttpServletRequestWrapper {

		private X509Certificate[] certificates;

		ForwardedRequest(HttpServletRequest request, X509Certificate[] certificates) {
			super(request);
			this.certificates = certificates;
			// also for whatever reads the container's request (such as an error dispatch)
			if (certificates != null) {
				request.setAttribute(ClientCertificates.ATTRIBUTE, certificates.clone());
			}
			else {
				request.removeAttribute(ClientCertificates.ATTRIBUTE);
			}
		}

		@Override
		public Object getAttribute(String name) {
			if (ClientCertificates.ATTRIBUTE.equals(name)) {
				return (this.certificates != null) ? this.certificates.clone() : null;
			}
			return super.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			List<String> names = new ArrayList<>(Collections.list(super.getAttributeNames()));
			names.remove(ClientCertificates.ATTRIBUTE);
			if (this.certificates != null) {
				names.add(ClientCertificates.ATTRIBUTE);
			}
			return Collections.enumeration(names);
		}

		@Override
		public void setAttribute(String name, Object value) {
			if (ClientCertificates.ATTRIBUTE.equals(name)) {
				this.certificates = (value instanceof X509Certificate[] chain) ? chain.clone() : null;
				return;
			}
			super.setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			if (ClientCertificates.ATTRIBUTE.equals(name)) {
				this.certificates = null;
				return;
			}
			super.removeAttribute(name);
		}

	}

}
