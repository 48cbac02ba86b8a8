package dev.tessera.auth.tls;

import java.time.Clock;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.web.ClientAddressResolver;
import dev.tessera.auth.web.ErrorResponses;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The TLS parts as beans: the server certificate (from PEM files or an SSL bundle, or
 * none), the connector that serves it, the client CAs that {@code tls_client_auth}
 * certificates must chain to (the PEM bundle, else the SSL bundle's trust store), the
 * watcher that reloads whichever of them come from files, and the filter that takes a
 * client certificate forwarded by a trusted proxy.
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
	ClientCertificateTrust clientCertificateTrust(TesseraProperties properties, SslBundles bundles) {
		TesseraProperties.Tls tls = properties.tls();
		if (tls.clientCas() == null && tls.hasBundle()) {
			return ClientCertificateTrust.fromBundle(tls.bundle(), () -> bundles.getBundle(tls.bundle()), tls.crls());
		}
		return ClientCertificateTrust.fromFiles(tls.clientCas(), tls.crls());
	}

	@Bean
	TlsConnector tlsConnector(TesseraProperties properties, ServerCertificate certificate) {
		TesseraProperties.Tls tls = properties.tls();
		return new TlsConnector(tls.port(), certificate, tls.protocols(), tls.ciphers());
	}

	/**
	 * Reloads the server certificate when it comes from files (an SSL bundle is reloaded
	 * by Spring Boot, see above) and the client CAs and CRLs (whose bundle trust store is
	 * read anew on each tick too).
	 */
	@Bean
	TlsFileWatcher tlsFileWatcher(TesseraProperties properties, ServerCertificate certificate,
			ClientCertificateTrust trust, Clock clock) {
		TesseraProperties.Tls tls = properties.tls();
		ServerCertificate fromFiles = (certificate.present() && !tls.hasBundle()) ? certificate : null;
		return new TlsFileWatcher(fromFiles, trust, tls.reloadInterval(), clock);
	}

	/**
	 * The RFC 9440 headers of trusted proxies, right after the correlation id (so a
	 * refusal carries it) and the strict form decoding, before anything reads the
	 * request's client certificate.
	 */
	@Bean
	FilterRegistrationBean<ForwardedClientCertificates> forwardedClientCertificates(TesseraProperties properties,
			ErrorResponses errors) {
		FilterRegistrationBean<ForwardedClientCertificates> registration = new FilterRegistrationBean<>(
				new ForwardedClientCertificates(new ClientAddressResolver(properties.audit().trustedProxies()),
						errors));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

}
