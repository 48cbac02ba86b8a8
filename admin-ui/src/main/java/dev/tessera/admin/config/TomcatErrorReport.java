package dev.tessera.admin.config;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ConsoleErrorReportValve} in place of Tomcat's own error report (which names
 * Tomcat and its version), and makes sure Tomcat sends no {@code Server} header.
 */
@Component
public class TomcatErrorReport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ConsoleErrorReportValve.class.getName());
			}
		});
		factory.addConnectorCustomizers(connector -> connector.setXpoweredBy(false));
	}

}
