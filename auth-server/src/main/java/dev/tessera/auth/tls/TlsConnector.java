package dev.tessera.auth.tls;

import java.util.List;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Opens the HTTPS connector beside the plain one when TLS is configured: TLS 1.2 and 1.3
 * only, the configured (modern, forward-secret AEAD) cipher suites in the server's order,
 * and client certificates <em>requested, not required</em>, so one port serves mTLS
 * clients and every other client alike. The connector accepts any client certificate
 * during the handshake ({@link HandshakeTrustManager}): whether a certificate is trusted
 * is decided per request by client authentication, which can then answer an untrusted,
 * expired or revoked one with {@code invalid_client} instead of a bare TLS alert, and
 * which also serves {@code self_signed_tls_client_auth}. A renewed server certificate
 * ({@link ServerCertificate#reload()}) is put in place without a restart; connections
 * already open keep the old one until they close.
 */
public final class TlsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final Log logger = LogFactory.getLog(TlsConnector.class);

	private final int port;

	private final ServerCertificate certificate;

	private final List<String> protocols;

	private final List<String> ciphers;

	public TlsConnector(int port, ServerCertificate certificate, List<String> protocols, List<String> ciphers) {
		this.port = port;
		this.certificate = certificate;
		this.protocols = List.copyOf(protocols);
		this.ciphers = List.copyOf(ciphers);
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (!this.certificate.present()) {
			return;
		}
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(this.port);
		connector.setScheme("https");
		connector.setSecure(true);
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
		protocol.setSSLEnabled(true);
		SSLHostConfig host = new SSLHostConfig();
		host.setHostName(protocol.getDefaultSSLHostConfigName());
		host.setProtocols(String.join(",", this.protocols));
		// Tomcat takes the TLS 1.3 suites (named without "_WITH_") apart from the others
		host.setCiphers(String.join(":", this.ciphers.stream().filter(TlsConnector::isTls12Suite).toList()));
		host.setCipherSuites(String.join(":", this.ciphers.stream().filter(suite -> !isTls12Suite(suite)).toList()));
		host.setHonorCipherOrder(true);
		host.setCertificateVerification("optional_no_ca");
		host.setTrustManagerClassName(HandshakeTrustManager.class.getName());
		SSLHostConfigCertificate serverCertificate = new SSLHostConfigCertificate(host,
				SSLHostConfigCertificate.Type.UNDEFINED);
		useCurrent(serverCertificate);
		host.addCertificate(serverCertificate);
		protocol.addSslHostConfig(host);
		factory.addAdditionalConnectors(connector);
		this.certificate.onChange(() -> {
			useCurrent(serverCertificate);
			protocol.reloadSslHostConfigs();
			logger.info("TLS certificate reloaded from " + this.certificate.source() + "; new connections on port "
					+ this.port + " get it");
		});
		logger.info("HTTPS with client certificates (mTLS) on port " + this.port + ", certificate from "
				+ this.certificate.source());
	}

	private static boolean isTls12Suite(String suite) {
		return suite.contains("_WITH_");
	}

	private void useCurrent(SSLHostConfigCertificate serverCertificate) {
		serverCertificate.setCertificateKeystore(this.certificate.keyStore());
		serverCertificate.setCertificateKeyAlias(ServerCertificate.ALIAS);
		serverCertificate.setCertificateKeyPassword(new String(ServerCertificate.STORE_PASSWORD));
	}

}
