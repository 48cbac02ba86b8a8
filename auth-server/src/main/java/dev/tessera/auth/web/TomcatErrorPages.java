package dev.tessera.auth.web;

import org.apache.catalina.Engine;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers by itself: {@link ProblemErrorReportValve} in place of its HTML
 * error report, no {@code Server} header, and the header size limit
 * ({@code tessera.limits.max-header-bytes}) on every connector of the application (the
 * mTLS connector included), so that a request over the limit is a {@code 400} problem.
 * Set when the context is built, when every connector has been added.
 */
@Component
public class TomcatErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final SecurityHeaders headers;

	private final int maxHeaderBytes;

	public TomcatErrorPages(TesseraProperties properties) {
		this.headers = SecurityHeaders.forIssuer(properties.issuer());
		this.maxHeaderBytes = properties.limits().maxHeaderBytes();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				// an instance of the class is already in the pipeline, so the host adds
				// none of its own
				host.getPipeline().addValve(new ProblemErrorReportValve(this.headers));
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				if (host.getParent() instanceof Engine engine && engine.getService() != null) {
					for (Connector connector : engine.getService().findConnectors()) {
						limit(connector);
					}
				}
			}
		});
	}

	private void limit(Connector connector) {
		connector.setXpoweredBy(false);
		if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
			http.setMaxHttpRequestHeaderSize(this.maxHeaderBytes);
			http.setServer(null);
			http.setServerRemoveAppProvidedValues(true);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
