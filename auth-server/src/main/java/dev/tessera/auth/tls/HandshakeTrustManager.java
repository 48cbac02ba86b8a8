package dev.tessera.auth.tls;

import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

/**
 * The HTTPS connector's trust manager for client certificates: it accepts any certificate
 * during the handshake and names no CA in the certificate request, so a client presents
 * its certificate whoever issued it. The handshake still proves that the client holds the
 * certificate's private key (TLS CertificateVerify); whether the certificate is trusted,
 * valid and unrevoked is decided per request by client authentication, which answers a
 * refusal with {@code invalid_client} instead of a TLS alert and also serves self-signed
 * certificates (RFC 8705 §2.2). Tomcat creates it by class name, so it has a public
 * no-argument constructor. Never used for server certificates: Tessera makes no outbound
 * TLS connection with it.
 */
public final class HandshakeTrustManager implements X509TrustManager {

	private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) {
		// decided per request, see the class comment
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) {
		throw new UnsupportedOperationException("not a trust manager for servers");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return NO_ISSUERS;
	}

}
