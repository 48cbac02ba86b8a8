package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context of this module a fresh PostgreSQL database, a data
 * directory of its own, a fixed free HTTP port with the matching issuer (so tokens carry
 * the issuer a resource server would be configured with), and a {@link MutableClock} as
 * its primary {@code Clock} (production's {@code ClockConfiguration} stays, outranked),
 * so tests tick time instead of sleeping and can inject the clock to move it. Registered
 * in {@code META-INF/spring.factories}, so no test class can forget it, and equal for
 * every class, so Spring's context cache still shares contexts.
 */
public class TesseraTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			TestDatabase database = TestDatabase.get();
			int port = freePort();
			Map<String, Object> properties = new HashMap<>(database.serverProperties(database.createDatabase()));
			properties.put("server.port", port);
			properties.put("management.server.port", 0);
			properties.put("tessera.issuer", "http://localhost:" + port);
			properties.put("tessera.data-dir", tempDir().toString());
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tessera-test", properties));
			registerClock(context, MutableClock.running());
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

	/**
	 * Makes {@code clock} the context's primary {@code Clock}: every time rule of the
	 * server reads it, and tests reach it as a {@code MutableClock} bean.
	 */
	public static void registerClock(ConfigurableApplicationContext context, MutableClock clock) {
		context.addBeanFactoryPostProcessor(beanFactory -> {
			RootBeanDefinition definition = new RootBeanDefinition(MutableClock.class, () -> clock);
			definition.setPrimary(true);
			((BeanDefinitionRegistry) beanFactory).registerBeanDefinition("testMutableClock", definition);
		});
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path tempDir() {
		try {
			Path dir = Files.createTempDirectory("tessera-test-");
			LoggedSecrets.recordDataDir(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
