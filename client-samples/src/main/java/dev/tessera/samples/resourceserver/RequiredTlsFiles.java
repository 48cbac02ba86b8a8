package dev.tessera.samples.resourceserver;

import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start the {@code tls} profile while a PEM file its SSL bundle needs is not
 * named, with a message naming the variable to set. Spring Boot would otherwise go on: an
 * unresolved {@code ${SAMPLE_TLS_CERTIFICATE}} is kept as text and then read as a file of
 * that name, and an empty one leaves the bundle without a key, neither saying which
 * setting is missing. It checks the bundle's settings rather than the variables, so
 * setting {@code spring.ssl.bundle.pem.sample-tls.*} directly works too. A bean factory
 * post-processor, because the web server, and with it the SSL bundle, is created before
 * ordinary beans are (and a post-processor gets the environment through
 * {@link EnvironmentAware}, not its constructor).
 */
@Component
@Profile("tls")
class RequiredTlsFiles implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final String BUNDLE = "spring.ssl.bundle.pem.sample-tls.";

	/** Each file setting of {@code application-tls.yml} and the variable it reads. */
	private static final List<TlsFile> FILES = List.of(
			new TlsFile(BUNDLE + "keystore.certificate", "SAMPLE_TLS_CERTIFICATE",
					"this API's certificate chain, leaf first"),
			new TlsFile(BUNDLE + "keystore.private-key", "SAMPLE_TLS_PRIVATE_KEY", "its private key"),
			new TlsFile(BUNDLE + "truststore.certificate", "SAMPLE_TLS_CLIENT_CAS",
					"the CAs whose client certificates are accepted"));

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		List<String> missing = FILES.stream()
			.filter((file) -> !StringUtils.hasText(this.environment.getProperty(file.property())))
			.map((file) -> file.variable() + " (" + file.meaning() + ")")
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException(
					"The tls profile needs the path of each PEM file; not set: " + String.join(", ", missing));
		}
	}

	private record TlsFile(String property, String variable, String meaning) {

	}

}
