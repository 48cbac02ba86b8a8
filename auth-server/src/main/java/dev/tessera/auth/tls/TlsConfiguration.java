package dev.tessera.auth.tls;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TLS parts as beans: the server certificate (from PEM files or an SSL bundle, or
 * none), the connector that serves it, and the client CAs that {@code tls_client_auth}
 * certificates must chain to.
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

	@Bean
	ServerCertificate serverCertificate(TesseraProperties properties, SslBundles bundles) {
		TesseraProperties.Tls tls = properties.tls();
		if (tls.hasBundle()) {
			ServerCertificate certificate = ServerCertificate.fromBundle(tls.bundle(),
					() -> bundles.getBundle(tls.bundle()));
			bundles.addBundleUpdateHandler(tls.bundle(), updated -> certificate.reload());
			return certificate;
		}
		if (tls.enabled()) {
			return ServerCertificate.fromFiles(tls.certificate(), tls.privateKey());
		}
		return ServerCertificate.none();
	}

	@Bean
	ClientCertificateTrust clientCertificateTrust(TesseraProperties properties) {
		TesseraProperties.Tls tls = properties.tls();
		return ClientCertificateTrust.fromFiles(tls.clientCas(), tls.crls());
	}

	@Bean
	TlsConnector tlsConnector(TesseraProperties properties, ServerCertificate certificate) {
		TesseraProperties.Tls tls = properties.tls();
		return new TlsConnector(tls.port(), certificate, tls.protocols(), tls.ciphers());
	}

}
